namespace Migrations.Build.SnapshotBench;

/// <summary>
/// Two candidates for the per-relation fingerprint query of a snapshot that re-reads only the relations that changed
/// (issue 13, branch snapfp; bench/README.md "Issue 13, snapshots that follow the change (snapfp)"). Neither is used by
/// the engine: the design asked for one at least 3x cheaper in server CPU than the four relation-scoped snapshot queries
/// (tables, columns, constraints, indexes) it would let a snapshot skip, and neither is (<see cref="ServerCpu"/>
/// measures them). Kept so the measurement can be repeated and improved on. Both return one row per relation in the
/// snapshot's schemas (relkind r, p, f, v, m, c): (oid, md5); $1 is the text[] of excluded schema LIKE patterns.
/// </summary>
/// <remarks>
/// What a fingerprint must cover (the soundness invariant): every catalog row the four queries read for a relation —
/// its own pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index (and its indexes' pg_class and pg_attribute),
/// pg_inherits, pg_partitioned_table, pg_foreign_table, pg_description and identity pg_sequence rows — and the rows of
/// everything its text names: column types (and their element types and enum labels), collations, and every object its
/// pg_depend rows point at (referenced tables and columns of foreign keys, sequences, functions, operators, opclasses).
/// Schema and role names, tablespaces, servers and access methods are few and shared: one digest for all.
/// </remarks>
internal static class FingerprintCandidates
{
    /// <summary>
    /// Content: md5 over the text of every covered row (<c>row::text</c>), the referenced objects' rows included, as
    /// correlated subqueries per relation. Sound by construction, but record_out of whole catalog rows is expensive.
    /// Without <c>jit = off</c> its generic plan is JIT-compiled: ≈300–390 ms per execution at 50 tables.
    /// </summary>
    public static readonly string ContentDigest = """
        select r.oid, md5(concat_ws(E'\n',
                 r.row_text,
                 (select string_agg(a::text, ',' order by a.attnum) from pg_attribute a where a.attrelid = r.oid and a.attnum > 0),
                 (select string_agg((select t::text || coalesce((select e::text from pg_type e where e.oid = t.typelem), '')
                                            || coalesce((select string_agg(en::text, ',' order by en.enumtypid, en.enumsortorder) from pg_enum en
                                                         where en.enumtypid in (t.oid, t.typelem)), '')
                                     from pg_type t where t.oid = a.atttypid)
                                    || coalesce((select co::text from pg_collation co where co.oid = a.attcollation), ''), ',' order by a.attnum)
                  from pg_attribute a where a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped),
                 (select string_agg(ad::text, ',' order by ad.adnum) from pg_attrdef ad where ad.adrelid = r.oid),
                 (select string_agg(con::text, ',' order by con.oid) from pg_constraint con where con.conrelid = r.oid),
                 (select string_agg(x::text || ic::text
                                    || coalesce((select string_agg(ia::text, ',' order by ia.attnum) from pg_attribute ia where ia.attrelid = x.indexrelid), ''),
                                    ',' order by x.indexrelid)
                  from pg_index x join pg_class ic on ic.oid = x.indexrelid where x.indrelid = r.oid),
                 (select string_agg(i::text || ' ' || pc.relname || ' ' || pc.relnamespace::text, ',' order by i.inhparent)
                  from pg_inherits i join pg_class pc on pc.oid = i.inhparent where i.inhrelid = r.oid),
                 (select string_agg(i::text, ',' order by i.inhrelid) from pg_inherits i where i.inhparent = r.oid),
                 (select pt::text from pg_partitioned_table pt where pt.partrelid = r.oid),
                 (select ft::text from pg_foreign_table ft where ft.ftrelid = r.oid),
                 (select string_agg(s::text, ',' order by s.seqrelid)
                  from pg_depend identity_link join pg_sequence s on s.seqrelid = identity_link.objid
                  where identity_link.refclassid = 'pg_class'::regclass and identity_link.refobjid = r.oid
                    and identity_link.classid = 'pg_class'::regclass and identity_link.deptype = 'i'),
                 (select string_agg(ds::text, ',' order by ds.classoid, ds.objoid, ds.objsubid)
                  from unnest(objects.classids, objects.objids) as o(classid, objid)
                  join pg_description ds on ds.objoid = o.objid and ds.classoid = o.classid),
                 (select string_agg(d::text || ' ' || coalesce(case d.refclassid
                            when 'pg_class'::regclass then
                              (select rc.relname || ' ' || rc.relnamespace::text || ' ' || rc.relkind::text from pg_class rc where rc.oid = d.refobjid)
                              || case when d.refobjsubid = 0 then ''
                                      else (select ' ' || ra.attname from pg_attribute ra where ra.attrelid = d.refobjid and ra.attnum = d.refobjsubid) end
                            when 'pg_type'::regclass then (select t::text from pg_type t where t.oid = d.refobjid)
                            when 'pg_proc'::regclass then (select p::text from pg_proc p where p.oid = d.refobjid)
                            when 'pg_operator'::regclass then (select o::text from pg_operator o where o.oid = d.refobjid)
                            when 'pg_collation'::regclass then (select co::text from pg_collation co where co.oid = d.refobjid)
                            when 'pg_opclass'::regclass then (select oc::text from pg_opclass oc where oc.oid = d.refobjid)
                            when 'pg_namespace'::regclass then '' when 'pg_extension'::regclass then ''
                            when 'pg_am'::regclass then '' when 'pg_foreign_server'::regclass then ''
                          end, 'unread ' || random()::text),
                            ',' order by d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid, d.deptype)
                  from unnest(objects.classids, objects.objids) as o(classid, objid)
                  join pg_depend d on d.classid = o.classid and d.objid = o.objid)))
        from (select c.oid, c.reltype, c::text as row_text
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and not (n.nspname like any($1))
              offset 0) r
        cross join lateral (
            select array_agg(o.classid) as classids, array_agg(o.objid) as objids
            from (select 'pg_class'::regclass::oid as classid, r.oid as objid
                  union all select 'pg_type'::regclass::oid, r.reltype where r.reltype <> 0
                  union all select 'pg_class'::regclass::oid, x.indexrelid from pg_index x where x.indrelid = r.oid
                  union all select 'pg_attrdef'::regclass::oid, ad.oid from pg_attrdef ad where ad.adrelid = r.oid
                  union all select 'pg_constraint'::regclass::oid, con.oid from pg_constraint con where con.conrelid = r.oid) o) objects
        """;

    // One row version: which catalog (a letter), where the version lies (ctid) and which transaction wrote it (xmin).
    private static string Version(string tag, string alias) => $"'{tag}' || {alias}.ctid::text || ':' || {alias}.xmin::text";

    private static readonly string Referenced = $"""
        coalesce(case when d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid then ''
           when d.refclassid = 'pg_class'::regclass then (select {Version("c", "rc")} from pg_class rc where rc.oid = d.refobjid)
                || case when d.refobjsubid = 0 then '' else (select {Version("a", "ra")} from pg_attribute ra where ra.attrelid = d.refobjid and ra.attnum = d.refobjsubid) end
           when d.refclassid = 'pg_type'::regclass then (select {Version("t", "t")} || coalesce((select {Version("t", "e")} from pg_type e where e.oid = t.typelem and t.typelem <> 0), '')
                || coalesce((select string_agg({Version("e", "en")}, ',') from pg_enum en where en.enumtypid in (t.oid, t.typelem)), '') from pg_type t where t.oid = d.refobjid)
           when d.refclassid = 'pg_proc'::regclass then (select {Version("p", "p")} from pg_proc p where p.oid = d.refobjid)
           when d.refclassid = 'pg_operator'::regclass then (select {Version("o", "o")} from pg_operator o where o.oid = d.refobjid)
           when d.refclassid = 'pg_collation'::regclass then (select {Version("l", "co")} from pg_collation co where co.oid = d.refobjid)
           when d.refclassid = 'pg_opclass'::regclass then (select {Version("k", "oc")} from pg_opclass oc where oc.oid = d.refobjid)
           when d.refclassid in ('pg_namespace'::regclass, 'pg_extension'::regclass, 'pg_am'::regclass, 'pg_foreign_server'::regclass) then ''
           end, 'unread ' || random()::text)
        """;

    private static string Dependencies(string catalog, string oid) =>
        $"(select string_agg({Version("d", "d")} || {Referenced}, ',') from pg_depend d where d.classid = '{catalog}'::regclass and d.objid = {oid})";

    private static string Comments(string catalog, string oid) =>
        $"(select string_agg({Version("m", "ds")}, ',') from pg_description ds where ds.objoid = {oid} and ds.classoid = '{catalog}'::regclass)";

    /// <summary>
    /// Row versions: the same rows, each as (catalog, ctid, xmin) — no output function of a whole row — with the
    /// in-place-updated index flags as content; references to the relation itself skipped (its own rows are already
    /// in). The cheapest found, and still incomplete: column types come only through pg_depend, which records none for
    /// the types PostgreSQL pins (int4, text, … — a superuser can still rename them), and the shared digest (schemas,
    /// roles, names that shadow built-in ones, session settings) is left out; both would add to its cost.
    /// </summary>
    public static readonly string RowVersions = $"""
        select r.oid, md5(concat_ws(E'\n', r.token,
          (select string_agg({Version("a", "a")}, ',') from pg_attribute a where a.attrelid = r.oid and a.attnum > 0),
          (select string_agg({Version("f", "ad")} || coalesce({Dependencies("pg_attrdef", "ad.oid")}, ''), ',') from pg_attrdef ad where ad.adrelid = r.oid),
          (select string_agg({Version("k", "con")} || coalesce({Dependencies("pg_constraint", "con.oid")}, '') || coalesce({Comments("pg_constraint", "con.oid")}, ''), ',')
           from pg_constraint con where con.conrelid = r.oid),
          (select string_agg({Version("x", "x")} || x.indisvalid::text || x.indisready::text || x.indislive::text || x.indisclustered::text || x.indisreplident::text
                || (select {Version("c", "ic")} from pg_class ic where ic.oid = x.indexrelid)
                || (select string_agg({Version("a", "ia")}, ',') from pg_attribute ia where ia.attrelid = x.indexrelid)
                || coalesce({Dependencies("pg_class", "x.indexrelid")}, '') || coalesce({Comments("pg_class", "x.indexrelid")}, ''), ',')
           from pg_index x where x.indrelid = r.oid),
          (select string_agg({Version("i", "i")} || (select {Version("c", "pc")} from pg_class pc where pc.oid = i.inhparent), ',') from pg_inherits i where i.inhrelid = r.oid),
          (select string_agg({Version("i", "i")}, ',') from pg_inherits i where i.inhparent = r.oid),
          (select {Version("q", "pt")} from pg_partitioned_table pt where pt.partrelid = r.oid),
          (select {Version("r", "ft")} from pg_foreign_table ft where ft.ftrelid = r.oid),
          (select string_agg({Version("d", "d")} || (select {Version("s", "s")} from pg_sequence s where s.seqrelid = d.objid), ',') from pg_depend d
           where d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid and d.classid = 'pg_class'::regclass and d.deptype = 'i'),
          {Dependencies("pg_class", "r.oid")}, {Dependencies("pg_type", "r.reltype")}, {Comments("pg_class", "r.oid")}))
        from (select c.oid, c.reltype, {Version("c", "c")} as token
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and not (n.nspname like any($1)) offset 0) r
        """;

    /// <summary>
    /// Row versions of the relation's own rows and its children's (defaults, constraints, indexes and their attributes,
    /// inheritance, partition key, foreign table, identity sequences), without following pg_depend to the objects its
    /// text names and without comments: what the next step in bench/README.md would pay per relation on the server.
    /// </summary>
    public static readonly string OwnAndChildRows = $"""
        select r.oid, md5(concat_ws(E'\n', r.token,
          (select string_agg({Version("a", "a")}, ',') from pg_attribute a where a.attrelid = r.oid and a.attnum > 0),
          (select string_agg({Version("f", "ad")}, ',') from pg_attrdef ad where ad.adrelid = r.oid),
          (select string_agg({Version("k", "con")}, ',') from pg_constraint con where con.conrelid = r.oid),
          (select string_agg({Version("x", "x")} || x.indisvalid::text || x.indisready::text || x.indislive::text || x.indisclustered::text || x.indisreplident::text
                || (select {Version("c", "ic")} from pg_class ic where ic.oid = x.indexrelid)
                || (select string_agg({Version("a", "ia")}, ',') from pg_attribute ia where ia.attrelid = x.indexrelid), ',')
           from pg_index x where x.indrelid = r.oid),
          (select string_agg({Version("i", "i")} || (select {Version("c", "pc")} from pg_class pc where pc.oid = i.inhparent), ',') from pg_inherits i where i.inhrelid = r.oid),
          (select string_agg({Version("i", "i")}, ',') from pg_inherits i where i.inhparent = r.oid),
          (select {Version("q", "pt")} from pg_partitioned_table pt where pt.partrelid = r.oid),
          (select {Version("r", "ft")} from pg_foreign_table ft where ft.ftrelid = r.oid),
          (select string_agg({Version("d", "d")} || (select {Version("s", "s")} from pg_sequence s where s.seqrelid = d.objid), ',') from pg_depend d
           where d.refclassid = 'pg_class'::regclass and d.refobjid = r.oid and d.classid = 'pg_class'::regclass and d.deptype = 'i')))
        from (select c.oid, c.reltype, {Version("c", "c")} as token
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and not (n.nspname like any($1)) offset 0) r
        """;

    /// <summary>
    /// The floor: only each relation's own pg_class and pg_attribute row versions. No sound fingerprint costs less.
    /// </summary>
    public static readonly string OwnRowsOnly = $"""
        select r.oid, md5(r.token || coalesce((select string_agg({Version("a", "a")}, ',') from pg_attribute a where a.attrelid = r.oid and a.attnum > 0), ''))
        from (select c.oid, {Version("c", "c")} as token
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and not (n.nspname like any($1)) offset 0) r
        """;
}
