namespace Migrations.Build.Engine.Snapshots;

/// <summary>
/// The catalog queries behind <see cref="SchemaSnapshotReader"/>: one per object kind, each returning every object of
/// that kind at once (a 1,000-table schema costs a dozen queries, not thousands). Every query returns the same
/// columns, so one loop turns all of them into <see cref="SnapshotObject"/>s:
/// kind, name, parent key, property names (text[]), property values (text[], null = not applicable), owner, ACL, comment.
/// <para>
/// Names are rendered here with <c>quote_ident</c>, which quotes only where PostgreSQL needs it, so keys read like SQL.
/// Definitions come from the server's own deparsers (<c>pg_get_*def</c>, <c>pg_get_expr</c>, <c>format_type</c>), run
/// with <c>search_path = pg_catalog</c> so that every user object in them is schema-qualified the same way in every
/// session. Nothing returned depends on an OID, a relfilenode or an attnum.
/// </para>
/// <para>
/// Lists inside a value (ACL items, roles, options, publication tables) are sorted with the "C" collation, so their
/// order depends neither on the order of the statements that made them nor on the database's collation.
/// $1 is the text[] of excluded schema LIKE patterns.
/// </para>
/// </summary>
internal static class SnapshotQueries
{
    public static IReadOnlyList<string> For(int serverMajorVersion) =>
    [
        Schemas, Extensions, Types, Tables, Columns, Constraints, Indexes, Views, Sequences, Routines, Triggers, Policies,
        Publications(serverMajorVersion), DefaultPrivileges,
    ];

    /// <summary>What each query of <see cref="For"/> reads, in the same order (for timings and error messages).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "schemas", "extensions", "types", "tables", "columns", "constraints", "indexes", "views", "sequences", "routines",
        "triggers", "policies", "publications", "default privileges",
    ];

    /// <summary>Whether a query takes the excluded-schema patterns as $1 (the database-wide kinds do not).</summary>
    public static bool TakesExcludedSchemas(string query) => query.Contains("$1", StringComparison.Ordinal);

    private const string ShownTrue = "'true'";
    private const string ShownFalse = "'false'";

    private static string Qualified(string schemaAlias, string nameExpression) =>
        $"quote_ident({schemaAlias}.nspname) || '.' || quote_ident({nameExpression})";

    private static string Shown(string condition) => $"case when {condition} then {ShownTrue} else {ShownFalse} end";

    // The same words as the keys of the relations themselves, so a child's parent key finds its container.
    private static string RelationKind(string classAlias) =>
        $"case {classAlias}.relkind when 'f' then 'foreign table' when 'v' then 'view' when 'm' then 'materialized view' " +
        $"when 'S' then 'sequence' when 'c' then 'type' else 'table' end";

    private static string InSnapshot(string schemaAlias) => $"not ({schemaAlias}.nspname like any($1))";

    // Objects that belong to an extension come and go with it; the extension and its version stand for all of them.
    // Eleven of the queries ask, and asking pg_depend in each was a scan of it per query (hash anti-join of a generic
    // plan): ≈13% of a 25-table snapshot's server CPU. ExtensionMembers scans it once per
    // snapshot into transaction-local settings, one oid array per catalog, which each query reads once (an InitPlan).
    // A setting that was never set, or is empty, is an error, never "no members".
    private static readonly string[] MemberCatalogs = ["pg_namespace", "pg_type", "pg_class", "pg_proc"];

    private static string MemberSetting(string catalog) => "migrations_build.extension_members_" + catalog;

    private static string NotExtensionMember(string catalog, string oidExpression) =>
        $"{oidExpression} <> all ((select current_setting('{MemberSetting(catalog)}')::oid[])::oid[])";

    /// <summary>
    /// Run in the snapshot's transaction before the queries of <see cref="For"/>: sets, local to the transaction (or
    /// the savepoint), the extension members they leave out. A member's row always points at its extension, so the
    /// scan is a range of pg_depend's index on the referenced object rather than every row of it.
    /// </summary>
    public static string ExtensionMembers { get; } =
        "select " + string.Join(", ", MemberCatalogs.Select(catalog => $"set_config('{MemberSetting(catalog)}', coalesce(members.{catalog}, '{{}}')::text, true)"))
        + " from (select " + string.Join(", ", MemberCatalogs.Select(catalog => $"array_agg(d.objid) filter (where d.classid = 'pg_catalog.{catalog}'::regclass) as {catalog}"))
        + " from pg_catalog.pg_depend d where d.refclassid = 'pg_catalog.pg_extension'::regclass and d.deptype = 'e') members";

    // Sorted, so the order in which grants were made (which decides the array's order) does not matter.
    private static string CanonicalAcl(string aclExpression) =>
        $"(select coalesce(string_agg(item::text, ', ' order by item::text collate \"C\"), '(no privileges)') from unnest({aclExpression}) as item)";

    private static string Description(string catalog, string oidExpression, string subIdExpression = "0") =>
        $"(select description from pg_description where classoid = '{catalog}'::regclass and objoid = {oidExpression} and objsubid = {subIdExpression})";

    private static string CollationName(string collationOid) =>
        $"(select case when cn.nspname = 'pg_catalog' then quote_ident(co.collname) else quote_ident(cn.nspname) || '.' || quote_ident(co.collname) end " +
        $"from pg_collation co join pg_namespace cn on cn.oid = co.collnamespace where co.oid = {collationOid})";

    private static readonly string Schemas = $"""
        select 'schema', quote_ident(n.nspname), null::text, array[]::text[], array[]::text[],
               pg_get_userbyid(n.nspowner), {CanonicalAcl("coalesce(n.nspacl, acldefault('n', n.nspowner))")},
               {Description("pg_namespace", "n.oid")}
        from pg_namespace n
        where {InSnapshot("n")} and {NotExtensionMember("pg_namespace", "n.oid")}
        """;

    // Database-wide, and plpgsql lives in pg_catalog: extensions are listed whatever their schema.
    private static readonly string Extensions = """
        select 'extension', quote_ident(x.extname), null::text,
               array['version', 'schema']::text[], array[x.extversion, quote_ident(n.nspname)]::text[],
               null::text, null::text, null::text
        from pg_extension x join pg_namespace n on n.oid = x.extnamespace
        """;

    // Array types and the row types of tables and views are implied by their element type or relation, so they are left
    // out (a type is the array type of its element exactly when that element's typarray names it: one lookup by oid,
    // where asking which type's typarray names it hashed all of pg_type at every snapshot); composite types made by
    // CREATE TYPE (relkind 'c') stay, and their attributes come from the column query. Multirange types (typtype 'm')
    // come with their range type.
    private static readonly string Types = $"""
        select case t.typtype when 'd' then 'domain' else 'type' end, {Qualified("t", "t.typname")}, 'schema ' || quote_ident(t.nspname),
               array['kind', 'labels', 'subtype', 'type', 'nullable', 'default', 'collation']::text[],
               array[
                 case t.typtype when 'e' then 'enum' when 'c' then 'composite' when 'r' then 'range' when 'b' then 'base' end,
                 case when t.typtype = 'e' then (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end,
                 case when t.typtype = 'r' then (select format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid) end,
                 case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
                 case when t.typtype = 'd' then {Shown("not t.typnotnull")} end,
                 case when t.typtype = 'd' then pg_get_expr(t.typdefaultbin, 0) end,
                 case when t.typtype = 'd' and t.typcollation <> bt.typcollation then {CollationName("t.typcollation")} end
               ]::text[],
               pg_get_userbyid(t.typowner), {CanonicalAcl("coalesce(t.typacl, acldefault('T', t.typowner))")},
               {Description("pg_type", "t.oid")}
        from (select t.*, n.nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace
              where {InSnapshot("n")} and t.typisdefined and t.typtype in ('b', 'c', 'd', 'e', 'r') offset 0) t
        left join pg_type bt on bt.oid = t.typbasetype
        left join pg_class rc on rc.oid = t.typrelid
        where (t.typrelid = 0 or rc.relkind = 'c')
          and (t.typelem = 0 or (select element.typarray from pg_type element where element.oid = t.typelem) is distinct from t.oid)
          and {NotExtensionMember("pg_type", "t.oid")}
        """;

    private static readonly string Tables = $"""
        select case c.relkind when 'f' then 'foreign table' else 'table' end, {Qualified("n", "c.relname")}, 'schema ' || quote_ident(n.nspname),
               array['partitioned by', 'partition of', 'inherits', 'persistence', 'access method', 'tablespace', 'options',
                     'replica identity', 'row level security', 'force row level security', 'server', 'foreign options']::text[],
               array[
                 case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
                 case when c.relispartition then
                   (select {Qualified("pn", "pc.relname")} || ' ' || pg_get_expr(c.relpartbound, c.oid)
                    from pg_inherits i join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
                    where i.inhrelid = c.oid) end,
                 case when not c.relispartition then
                   (select string_agg({Qualified("pn", "pc.relname")}, ', ' order by i.inhseqno)
                    from pg_inherits i join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
                    where i.inhrelid = c.oid) end,
                 case c.relpersistence when 'u' then 'unlogged' else 'permanent' end,
                 am.amname,
                 ts.spcname,
                 (select string_agg(option, ', ' order by option collate "C") from unnest(c.reloptions) as option),
                 case c.relreplident when 'd' then 'default' when 'n' then 'nothing' when 'f' then 'full'
                   else 'using index ' || coalesce((select quote_ident(ri.relname) from pg_index x join pg_class ri on ri.oid = x.indexrelid
                                                    where x.indrelid = c.oid and x.indisreplident), '(none)') end,
                 case when c.relrowsecurity then 'enabled' else 'disabled' end,
                 case when c.relforcerowsecurity then 'enabled' else 'disabled' end,
                 fs.srvname,
                 (select string_agg(option, ', ' order by option collate "C") from unnest(ft.ftoptions) as option)
               ]::text[],
               pg_get_userbyid(c.relowner), {CanonicalAcl("coalesce(c.relacl, acldefault('r', c.relowner))")},
               {Description("pg_class", "c.oid")}
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_am am on am.oid = c.relam
        left join pg_tablespace ts on ts.oid = c.reltablespace
        left join pg_foreign_table ft on ft.ftrelid = c.oid
        left join pg_foreign_server fs on fs.oid = ft.ftserver
        where c.relkind in ('r', 'p', 'f') and {InSnapshot("n")} and {NotExtensionMember("pg_class", "c.oid")}
        """;

    // Columns of tables, views and materialized views, and attributes of composite types. Position is the rank among
    // columns that still exist, not attnum: a table that lost a column and got it back elsewhere keeps attnum gaps that
    // an equivalent fresh table does not have. It is computed as attnum minus the dropped columns before it (usually
    // none), which spares the server a window function's sort of every column row. The dropped attnums are gathered
    // once per relation in the snapshot, through pg_attribute's (attrelid, attnum) index, rather than by a scan of all
    // of pg_attribute (every system catalog's columns too: 4,300 rows in a fresh database). The relations come first, and
    // each one's columns through the same index: the snapshot runs as a generic plan (SchemaSnapshotReader), which
    // cannot see that the schema filter ($1) keeps a few relations out of hundreds, so without the fences (offset 0)
    // it hashes every column of every catalog and filters afterwards — half the snapshot's server CPU on a 50-table
    // schema (bench/README.md, "Proofs"). An identity column's sequence is
    // folded in (its name is generated, its options are what matter); a generated column (stored, or virtual from
    // PostgreSQL 18) shows its expression instead of a default.
    private static readonly string Columns = $"""
        select case when c.relkind = 'c' then 'attribute' else 'column' end,
               {Qualified("c", "c.relname")} || '.' || quote_ident(a.attname),
               {RelationKind("c")} || ' ' || {Qualified("c", "c.relname")},
               array['position', 'type', 'nullable', 'default', 'identity', 'generated', 'collation', 'storage']::text[],
               array[
                 (a.attnum - (select count(*) from unnest(dropped.attnums) as gone(attnum) where gone.attnum < a.attnum))::text,
                 format_type(a.atttypid, a.atttypmod),
                 case when c.relkind in ('r', 'p', 'f') then {Shown("not a.attnotnull")} end,
                 case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end,
                 case a.attidentity when 'a' then 'always' when 'd' then 'by default' end
                   || ' (start ' || s.seqstart || ', increment ' || s.seqincrement || ', minvalue ' || s.seqmin
                   || ', maxvalue ' || s.seqmax || ', cache ' || s.seqcache || case when s.seqcycle then ', cycle)' else ', no cycle)' end,
                 case a.attgenerated when 's' then 'always as (' || pg_get_expr(ad.adbin, ad.adrelid) || ') stored'
                                     when 'v' then 'always as (' || pg_get_expr(ad.adbin, ad.adrelid) || ') virtual' end,
                 case when a.attcollation <> t.typcollation then {CollationName("a.attcollation")} end,
                 case when a.attstorage <> t.typstorage then
                   case a.attstorage when 'p' then 'plain' when 'e' then 'external' when 'm' then 'main' else 'extended' end end
               ]::text[],
               null::text,
               case when cardinality(a.attacl) > 0 then {CanonicalAcl("a.attacl")} end,
               {Description("pg_class", "c.oid", "a.attnum")}
        from (select c.oid, c.relkind, c.relname, n.nspname
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'f', 'v', 'm', 'c') and {InSnapshot("n")}
                and {NotExtensionMember("pg_class", "c.oid")} and {NotExtensionMember("pg_type", "c.reltype")}
              offset 0) c
        cross join lateral (select array_agg(d.attnum) filter (where d.attisdropped) as attnums from pg_attribute d
                            where d.attrelid = c.oid and d.attnum > 0) dropped
        join lateral (select * from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped offset 0) a on true
        join pg_type t on t.oid = a.atttypid
        left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
        left join lateral (select s.* from pg_depend identity_link join pg_sequence s on s.seqrelid = identity_link.objid
                           where a.attidentity <> '' and identity_link.refclassid = 'pg_class'::regclass
                             and identity_link.refobjid = a.attrelid and identity_link.refobjsubid = a.attnum
                             and identity_link.classid = 'pg_class'::regclass and identity_link.deptype = 'i') s on true
        """;

    // Like the columns, constraints, indexes, types and routines are first narrowed to the snapshot's schemas behind a
    // fence (offset 0): the generic plan cannot see how few rows the schema filter keeps, and would otherwise join and
    // anti-join every system catalog row before filtering.
    // Table and domain constraints. Left out: NOT NULL constraints (PostgreSQL 18 records them here; the column's or
    // domain's nullability already says it), constraint triggers (listed as triggers), and the copies PostgreSQL makes
    // on each partition of a partitioned table's constraint (conparentid), whose names it chooses itself.
    private static readonly string Constraints = $"""
        select 'constraint',
               quote_ident(con.conname) || ' on ' || case when con.contypid <> 0 then 'domain ' || {Qualified("tn", "t.typname")} else {Qualified("rn", "c.relname")} end,
               case when con.contypid <> 0 then 'domain ' || {Qualified("tn", "t.typname")} else {RelationKind("c")} || ' ' || {Qualified("rn", "c.relname")} end,
               array['definition']::text[], array[pg_get_constraintdef(con.oid)]::text[],
               null::text, null::text, {Description("pg_constraint", "con.oid")}
        from (select con.* from pg_constraint con join pg_namespace n on n.oid = con.connamespace
              where {InSnapshot("n")} and con.contype not in ('n', 't') and con.conparentid = 0 offset 0) con
        left join pg_class c on c.oid = con.conrelid
        left join pg_namespace rn on rn.oid = c.relnamespace
        left join pg_type t on t.oid = con.contypid
        left join pg_namespace tn on tn.oid = t.typnamespace
        where (c.oid is not null or t.oid is not null)
          and (c.oid is null or {NotExtensionMember("pg_class", "c.oid")})
          and (t.oid is null or {NotExtensionMember("pg_type", "t.oid")})
        """;

    // Indexes that back a primary key, unique or exclusion constraint are the constraint (its definition covers them),
    // and indexes attached as partitions of a partitioned index are PostgreSQL's copies, named by it.
    private static readonly string Indexes = $"""
        select 'index', {Qualified("ic", "ic.relname")}, {RelationKind("c")} || ' ' || {Qualified("tn", "c.relname")},
               array['definition', 'valid', 'clustered']::text[],
               array[pg_get_indexdef(i.indexrelid), {Shown("i.indisvalid")}, {Shown("i.indisclustered")}]::text[],
               null::text, null::text, {Description("pg_class", "ic.oid")}
        from (select ic.oid, ic.relname, n.nspname from pg_class ic join pg_namespace n on n.oid = ic.relnamespace
              where {InSnapshot("n")} and not ic.relispartition offset 0) ic
        join pg_index i on i.indexrelid = ic.oid
        join pg_class c on c.oid = i.indrelid
        join pg_namespace tn on tn.oid = c.relnamespace
        where {NotExtensionMember("pg_class", "c.oid")} and {NotExtensionMember("pg_class", "ic.oid")}
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))
        """;

    private static readonly string Views = $"""
        select case c.relkind when 'v' then 'view' else 'materialized view' end, {Qualified("n", "c.relname")}, 'schema ' || quote_ident(n.nspname),
               array['definition', 'options']::text[],
               array[pg_get_viewdef(c.oid, true), (select string_agg(option, ', ' order by option collate "C") from unnest(c.reloptions) as option)]::text[],
               pg_get_userbyid(c.relowner), {CanonicalAcl("coalesce(c.relacl, acldefault('r', c.relowner))")},
               {Description("pg_class", "c.oid")}
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('v', 'm') and {InSnapshot("n")} and {NotExtensionMember("pg_class", "c.oid")}
        """;

    // Identity sequences are part of their column. A sequence OWNED BY a column (serial) is listed, inside its table,
    // so that a leftover table is one line rather than a table and its sequence.
    private static readonly string Sequences = $"""
        select 'sequence', {Qualified("n", "c.relname")}, coalesce(owner_column.table_key, 'schema ' || quote_ident(n.nspname)),
               array['type', 'start', 'increment', 'minvalue', 'maxvalue', 'cache', 'cycle', 'persistence', 'owned by']::text[],
               array[format_type(s.seqtypid, null), s.seqstart::text, s.seqincrement::text, s.seqmin::text, s.seqmax::text,
                     s.seqcache::text, {Shown("s.seqcycle")}, case c.relpersistence when 'u' then 'unlogged' else 'permanent' end,
                     owner_column.column_name]::text[],
               pg_get_userbyid(c.relowner), {CanonicalAcl("coalesce(c.relacl, acldefault('s', c.relowner))")},
               {Description("pg_class", "c.oid")}
        from pg_sequence s
        join pg_class c on c.oid = s.seqrelid
        join pg_namespace n on n.oid = c.relnamespace
        left join lateral (
            select {RelationKind("oc")} || ' ' || {Qualified("ocn", "oc.relname")} as table_key,
                   {Qualified("ocn", "oc.relname")} || '.' || quote_ident(oa.attname) as column_name
            from pg_depend od
            join pg_class oc on oc.oid = od.refobjid
            join pg_namespace ocn on ocn.oid = oc.relnamespace
            join pg_attribute oa on oa.attrelid = od.refobjid and oa.attnum = od.refobjsubid
            where od.classid = 'pg_class'::regclass and od.objid = c.oid and od.refclassid = 'pg_class'::regclass
              and od.refobjsubid > 0 and od.deptype = 'a'
            limit 1) owner_column on true
        where {InSnapshot("n")} and {NotExtensionMember("pg_class", "c.oid")}
          and not exists (select 1 from pg_depend identity_link where identity_link.classid = 'pg_class'::regclass
                          and identity_link.objid = c.oid and identity_link.deptype = 'i')
        """;

    // PostgreSQL gives every object made after initdb an oid from FirstNormalObjectId up (it moves its oid counter
    // there as soon as the server runs normally, and skips back there when the counter wraps); below it are initdb's
    // own. pg_proc holds ≈3,000 of those, all in pg_catalog and information_schema: a range of its oid index skips them
    // instead of scanning every row at every snapshot (≈0.3 ms of server CPU each). The one way below it is a function
    // made in single-user mode (postgres --single) before the server ever ran normally, which no deploy path does.
    private const int FirstNormalObjectId = 16384;

    // Functions and procedures as pg_get_functiondef writes them (body, language, volatility, security, SET options).
    // That function refuses aggregates, so an aggregate is described by its transition and final functions, state type
    // and initial condition only: enough to notice one left behind or redefined, not every aggregate option.
    private static readonly string Routines = $"""
        select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
               {Qualified("p", "p.proname")} || '(' || oidvectortypes(p.proargtypes) || ')',
               'schema ' || quote_ident(p.nspname),
               array['definition']::text[],
               array[case when p.prokind = 'a' then
                 (select concat_ws(', ', 'sfunc = ' || ag.aggtransfn::regproc::text, 'stype = ' || format_type(ag.aggtranstype, null),
                                   case when ag.aggfinalfn <> 0 then 'finalfunc = ' || ag.aggfinalfn::regproc::text end,
                                   case when ag.aggcombinefn <> 0 then 'combinefunc = ' || ag.aggcombinefn::regproc::text end,
                                   case when ag.agginitval is not null then 'initcond = ' || quote_literal(ag.agginitval) end)
                  from pg_aggregate ag where ag.aggfnoid = p.oid)
                 else pg_get_functiondef(p.oid) end]::text[],
               pg_get_userbyid(p.proowner), {CanonicalAcl("coalesce(p.proacl, acldefault('f', p.proowner))")},
               {Description("pg_proc", "p.oid")}
        from (select p.*, n.nspname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where p.oid >= {FirstNormalObjectId} and {InSnapshot("n")} offset 0) p
        where {NotExtensionMember("pg_proc", "p.oid")}
        """;

    // Internal triggers implement foreign keys and deferred constraints (the constraint covers them); triggers with a
    // parent are PostgreSQL's copies of a partitioned table's trigger on each partition.
    private static readonly string Triggers = $"""
        select 'trigger', quote_ident(tg.tgname) || ' on ' || {Qualified("n", "c.relname")}, {RelationKind("c")} || ' ' || {Qualified("n", "c.relname")},
               array['definition', 'state']::text[],
               array[pg_get_triggerdef(tg.oid),
                     case tg.tgenabled when 'D' then 'disabled' when 'R' then 'enabled replica' when 'A' then 'enabled always' else 'enabled' end]::text[],
               null::text, null::text, {Description("pg_trigger", "tg.oid")}
        from pg_trigger tg
        join pg_class c on c.oid = tg.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
        where not tg.tgisinternal and tg.tgparentid = 0 and {InSnapshot("n")} and {NotExtensionMember("pg_class", "c.oid")}
        """;

    // Policy names are always quoted: they are often sentences ("Users can read own rows"), and one form for all of
    // them reads better in a diff than quotes that come and go with the name.
    private static readonly string Policies = $"""
        select 'policy', '"' || replace(pol.polname, '"', '""') || '" on ' || {Qualified("n", "c.relname")},
               {RelationKind("c")} || ' ' || {Qualified("n", "c.relname")},
               array['as', 'for', 'to', 'using', 'with check']::text[],
               array[case when pol.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end,
                     case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end,
                     (select string_agg(role_name, ', ' order by role_name collate "C")
                      from (select case when role.oid = 0 then 'public' else quote_ident(pg_get_userbyid(role.oid)) end as role_name
                            from unnest(pol.polroles) as role(oid)) as roles),
                     pg_get_expr(pol.polqual, pol.polrelid),
                     pg_get_expr(pol.polwithcheck, pol.polrelid)]::text[],
               null::text, null::text, {Description("pg_policy", "pol.oid")}
        from pg_policy pol
        join pg_class c on c.oid = pol.polrelid
        join pg_namespace n on n.oid = c.relnamespace
        where {InSnapshot("n")} and {NotExtensionMember("pg_class", "c.oid")}
        """;

    // ALTER DEFAULT PRIVILEGES: what future objects will grant. PostgreSQL deletes an entry that is back to the
    // built-in defaults, so a grant and its revoke leave nothing behind, as they should.
    private static readonly string DefaultPrivileges = $"""
        select 'default privileges',
               'for role ' || quote_ident(pg_get_userbyid(d.defaclrole)) || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' on '
                 || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' when 'T' then 'types'
                                         when 'n' then 'schemas' else 'objects of type ' || d.defaclobjtype::text end,
               case when n.oid is not null then 'schema ' || quote_ident(n.nspname) end,
               array['acl']::text[], array[{CanonicalAcl("d.defaclacl")}]::text[],
               null::text, null::text, null::text
        from pg_default_acl d
        left join pg_namespace n on n.oid = d.defaclnamespace
        where d.defaclnamespace = 0 or {InSnapshot("n")}
        """;

    // Publications are database-wide. Column lists, row filters and FOR TABLES IN SCHEMA exist from PostgreSQL 15.
    private static string Publications(int serverMajorVersion)
    {
        var modern = serverMajorVersion >= 15;
        var tableExtras = modern
            ? """
               || coalesce(' (' || (select string_agg(quote_ident(pa.attname), ', ' order by pa.attnum) from pg_attribute pa
                                    where pa.attrelid = pr.prrelid and pa.attnum = any(pr.prattrs::int2[])) || ')', '')
               || coalesce(' WHERE ' || pg_get_expr(pr.prqual, pr.prrelid), '')
              """
            : string.Empty;
        var schemas = modern
            ? "(select string_agg(quote_ident(sn.nspname), ', ' order by sn.nspname collate \"C\") from pg_publication_namespace pns join pg_namespace sn on sn.oid = pns.pnnspid where pns.pnpubid = p.oid)"
            : "null::text";
        return $"""
            select 'publication', quote_ident(p.pubname), null::text,
                   array['all tables', 'publish', 'via root', 'tables', 'schemas']::text[],
                   array[{Shown("p.puballtables")},
                         concat_ws(', ', case when p.pubinsert then 'insert' end, case when p.pubupdate then 'update' end,
                                         case when p.pubdelete then 'delete' end, case when p.pubtruncate then 'truncate' end),
                         {Shown("p.pubviaroot")},
                         (select string_agg(entry, ', ' order by entry collate "C")
                          from (select {Qualified("tn", "tc.relname")} {tableExtras} as entry
                                from pg_publication_rel pr join pg_class tc on tc.oid = pr.prrelid join pg_namespace tn on tn.oid = tc.relnamespace
                                where pr.prpubid = p.oid) as entries),
                         {schemas}]::text[],
                   pg_get_userbyid(p.pubowner), null::text, {Description("pg_publication", "p.oid")}
            from pg_publication p
            """;
    }
}
