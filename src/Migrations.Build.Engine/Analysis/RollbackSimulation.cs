using Migrations.Build.Engine.Analysis.Statements;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Runs a rollback's drops, in order, against what the forward created, and reports what does not line up:
/// MIG0202 for a drop of something the forward did not create, MIG0203 for a drop PostgreSQL would refuse because
/// something the forward created still depends on it (or because an earlier drop already took it away), and at the
/// end MIG0201 for each object no drop removed.
/// </summary>
internal sealed class RollbackSimulation
{
    private readonly string _forwardPath;
    private readonly string _rollbackPath;
    private readonly IReadOnlyList<ObjectCreation> _created;
    private readonly IReadOnlyList<ObjectChange> _rollback;
    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<ObjectCreation> _remaining;
    private readonly Dictionary<ObjectCreation, ObjectRemoval> _removedBy = new(ReferenceEqualityComparer.Instance);

    /// <summary>The creations by name; unnamed ones (generated names, row level security) under the empty string.</summary>
    private readonly ILookup<string, ObjectCreation> _byName;

    /// <summary>
    /// The creations by every name they are tied to: their table's, the names they reference, and their schema's.
    /// Whatever a drop takes with it, or whatever blocks it, is among the creations related to the dropped name, so a
    /// migration of thousands of objects is not scanned whole for each drop.
    /// </summary>
    private readonly ILookup<string, ObjectCreation> _related;

    public RollbackSimulation(
        string forwardPath,
        string rollbackPath,
        IReadOnlyList<ObjectCreation> created,
        IReadOnlyList<ObjectChange> rollback,
        List<Diagnostic> diagnostics)
    {
        _forwardPath = forwardPath;
        _rollbackPath = rollbackPath;
        _created = created;
        _rollback = rollback;
        _diagnostics = diagnostics;
        _remaining = new HashSet<ObjectCreation>(created, ReferenceEqualityComparer.Instance);
        _byName = created.ToLookup(creation => creation.Object.Name ?? string.Empty, StringComparer.Ordinal);
        _related = created
            .SelectMany(creation => RelatedNames(creation).Distinct(StringComparer.Ordinal).Select(name => (Name: name, Creation: creation)))
            .ToLookup(pair => pair.Name, pair => pair.Creation, StringComparer.Ordinal);
    }

    private static IEnumerable<string> RelatedNames(ObjectCreation creation)
    {
        if (creation.Object.Parent?.Name is { } table)
        {
            yield return table;
        }
        else if (creation.Object.Schema is { } schema)
        {
            yield return schema;
        }

        foreach (var reference in creation.References)
        {
            yield return reference.Name;
        }
    }

    /// <summary>The creations <paramref name="target"/> may name, in the order the forward created them.</summary>
    private IEnumerable<ObjectCreation> NamedBy(SchemaObject target) =>
        _byName[target.Name ?? string.Empty].Concat(target.Name is null ? [] : _byName[string.Empty])
            .Where(created => created.Object.IsNamedBy(target));

    public void Run()
    {
        // One statement can drop several objects (DROP TABLE a, b), which PostgreSQL removes together.
        foreach (var statement in _rollback.OfType<ObjectRemoval>().GroupBy(removal => removal.Statement.Index))
        {
            RunStatement(statement.ToList());
        }

        ReportLeftBehind();
    }

    private void RunStatement(List<ObjectRemoval> removals)
    {
        var removedNow = new Dictionary<ObjectCreation, ObjectRemoval>(ReferenceEqualityComparer.Instance);
        var targets = new List<(ObjectRemoval Removal, List<ObjectCreation> Objects)>();
        foreach (var removal in removals)
        {
            if (removal.RenamedAwayBy is { } rename)
            {
                if (!removal.IfExists)
                {
                    ReportRenamedAway(removal, rename);
                }

                continue;
            }

            var named = NamedBy(removal.Object).ToList();
            if (named.Count == 0)
            {
                if (!BelongsToTheForward(removal))
                {
                    ReportNotCreated(removal);
                }

                continue;
            }

            var present = named.Where(_remaining.Contains).ToList();
            if (present.Count == 0)
            {
                if (!removal.IfExists && _removedBy.TryGetValue(named[0], out var earlier))
                {
                    ReportAlreadyRemoved(removal, named[0], earlier);
                }

                continue;
            }

            targets.Add((removal, present));
            foreach (var target in present)
            {
                AddWithContents(target, removal, removedNow);
            }
        }

        foreach (var (removal, objects) in targets)
        {
            foreach (var target in objects)
            {
                if (target.ReplacesExisting && !IsCreatedByRollback(target))
                {
                    ReportReplacedNotRestored(removal, target);
                }

                // An identity column's sequence cannot be dropped even with CASCADE; a serial column's default goes with CASCADE.
                if (target.IsRequiredByColumn && (!removal.IsCascade || IsIdentitySequence(target)) && FindOwningColumn(target, removedNow) is { } owner)
                {
                    ReportRequiredByColumn(removal, target, owner);
                }
                else if (!removal.IsCascade && FindDependent(target, removedNow) is { } dependent)
                {
                    ReportDependentStillThere(removal, target, dependent.Creation, dependent.Reason);
                }
            }
        }

        foreach (var (removed, removal) in removedNow)
        {
            _remaining.Remove(removed);
            _removedBy[removed] = removal;
        }
    }

    /// <summary>
    /// The object and everything that goes with it: a table's columns, constraints, indexes, triggers, policies and
    /// row level security, and its partitions; a column's constraints and indexes; with CASCADE, a schema's contents
    /// and every dependent CASCADE removes.
    /// </summary>
    private void AddWithContents(ObjectCreation target, ObjectRemoval removal, Dictionary<ObjectCreation, ObjectRemoval> removedNow)
    {
        var cascade = removal.IsCascade;
        var pending = new Stack<ObjectCreation>();
        pending.Push(target);
        while (pending.TryPop(out var current))
        {
            if (!removedNow.TryAdd(current, removal))
            {
                continue;
            }

            var removed = current.Object;
            var relatedName = removed.Kind == ObjectKind.Column ? removed.Parent?.Name : removed.Name;
            foreach (var other in _related[relatedName ?? string.Empty])
            {
                if (!_remaining.Contains(other))
                {
                    continue;
                }

                var goes = removed.Kind switch
                {
                    ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView => other.Object.BelongsTo(removed),
                    ObjectKind.Column => other.Object.Kind is ObjectKind.Constraint or ObjectKind.Index or ObjectKind.Sequence
                        && removed.Parent is not null && other.Object.BelongsTo(removed.Parent)
                        && other.MentionedColumns.Contains(removed.Name!, StringComparer.Ordinal),
                    _ => false,
                };
                goes |= cascade && removed.Kind == ObjectKind.Schema && other.Object.Parent is null
                    && string.Equals(other.Object.Schema, removed.Name, StringComparison.Ordinal);
                goes |= other.References.Any(reference => reference.Denotes(removed)
                    && (reference.Reason == DependencyReason.PartitionOf || (cascade && reference.CascadeRemoves(other.Object))));
                if (goes)
                {
                    pending.Push(other);
                }
            }
        }
    }

    /// <summary>
    /// The table or column, created by the forward and still there after this statement, whose serial or identity
    /// column requires <paramref name="sequence"/>.
    /// </summary>
    private ObjectCreation? FindOwningColumn(ObjectCreation sequence, Dictionary<ObjectCreation, ObjectRemoval> removedNow)
    {
        if (sequence.Object.Parent is not { } table || sequence.MentionedColumns is not [var column])
        {
            return null;
        }

        // The table itself is found by its name, its columns by their table's.
        foreach (var other in _byName[table.Name ?? string.Empty].Concat(_related[table.Name ?? string.Empty]))
        {
            var owns = other.Object.Parent is null
                ? other.Object.Kind == ObjectKind.Table && other.Object.IsSameRelationAs(table)
                : other.Object.Kind == ObjectKind.Column && other.Object.BelongsTo(table) && other.Object.Name == column;
            if (owns && _remaining.Contains(other) && !removedNow.ContainsKey(other))
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>
    /// The sequence of an identity column (rather than a serial one), as far as the creating statement tells: it says
    /// IDENTITY. A table with both kinds counts as identity, which keeps the warning.
    /// </summary>
    private static bool IsIdentitySequence(ObjectCreation sequence)
    {
        foreach (var token in sequence.Statement.SignificantTokens)
        {
            if (token.IsKeyword(sequence.Statement.Script.Text, "IDENTITY"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the rollback creates an object of <paramref name="created"/>'s identity (or renames one into it).</summary>
    private bool IsCreatedByRollback(ObjectCreation created) =>
        _rollback.OfType<ObjectCreation>().Any(recreated => created.Object.IsNamedBy(recreated.Object) || IsSameUnnamed(created.Object, recreated.Object));

    /// <summary>Two unnamed constraints or indexes of one kind on one table: PostgreSQL gives them the same generated name.</summary>
    private static bool IsSameUnnamed(SchemaObject created, SchemaObject recreated) =>
        created.Name is null && recreated.Name is null && created.Kind == recreated.Kind
        && string.Equals(created.GeneratedNameSuffix, recreated.GeneratedNameSuffix, StringComparison.Ordinal)
        && created.Parent is not null && recreated.Parent is not null && created.Parent.IsSameRelationAs(recreated.Parent);

    /// <summary>An object the forward created, still there after this statement, that needs <paramref name="target"/>.</summary>
    private (ObjectCreation Creation, string Reason)? FindDependent(ObjectCreation target, Dictionary<ObjectCreation, ObjectRemoval> removedNow)
    {
        foreach (var other in _related[target.Object.Name ?? string.Empty])
        {
            if (!_remaining.Contains(other) || removedNow.ContainsKey(other))
            {
                continue;
            }

            if (other.References.FirstOrDefault(reference => reference.Denotes(target.Object)) is { } reference)
            {
                return (other, reference.Describe());
            }

            if (target.Object.Kind == ObjectKind.Schema && other.Object.Parent is null
                && string.Equals(other.Object.Schema, target.Object.Name, StringComparison.Ordinal))
            {
                return (other, "which is in it");
            }
        }

        return null;
    }

    /// <summary>
    /// A drop of something the forward did not create by that name is still expected when it lies inside something the
    /// forward created (a column of its table, an object in its schema, a constraint named after a column it added), or
    /// when the rollback re-creates it afterwards (restoring an old definition).
    /// </summary>
    private bool BelongsToTheForward(ObjectRemoval removal)
    {
        var target = removal.Object;
        var schema = target.Parent?.Schema ?? target.Schema;
        if (_created.Any(created => created.Object.Kind == ObjectKind.Schema && string.Equals(created.Object.Name, schema, StringComparison.Ordinal)))
        {
            return true;
        }

        if (target.Parent is { } parent)
        {
            var ofCreatedRelation = _created.Any(created => created.Object.Parent is null
                && created.Object.Kind is ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView
                && created.Object.IsSameRelationAs(parent));
            var namedAfterAddedColumn = target.Kind == ObjectKind.Constraint && target.Name is { } name
                && _created.Any(created => created.Object.Kind == ObjectKind.Column && created.Object.BelongsTo(parent)
                    && name.StartsWith($"{parent.Name}_{created.Object.Name}_", StringComparison.Ordinal));
            if (ofCreatedRelation || namedAfterAddedColumn)
            {
                return true;
            }
        }

        return _rollback.OfType<ObjectCreation>().Any(recreated =>
            recreated.Statement.Index > removal.Statement.Index && recreated.Object.IsNamedBy(target));
    }

    /// <summary>
    /// MIG0201 for what is left, except what goes with a table that is itself left behind (its columns, indexes,
    /// partitions …): dropping the table is the one statement to add.
    /// </summary>
    private void ReportLeftBehind()
    {
        // A replacement is a change, not an addition: the rollback need not drop it (it may create the old one again).
        var leftBehind = _created.Where(created => _remaining.Contains(created) && !created.ReplacesExisting && !IsRestoredByRollback(created)).ToList();
        var leftRelations = leftBehind
            .Where(created => created.Object.Parent is null
                && created.Object.Kind is ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView)
            .Select(created => (created.Object.Schema, created.Object.Name))
            .ToHashSet();
        foreach (var created in leftBehind)
        {
            var goesWithLeftTable = (created.Object.Parent is { } parent && leftRelations.Contains((parent.Schema, parent.Name)))
                || created.References.Any(reference => reference.Reason == DependencyReason.PartitionOf && leftRelations.Contains((reference.Schema, reference.Name)))
                || IsOwnedByLeftColumn(created, leftBehind);
            if (goesWithLeftTable)
            {
                continue;
            }

            var orReplace = created.IsOrReplace
                ? $" (or, if it replaced an existing {created.Object.Kind.ToString().ToLowerInvariant()}, have the rollback re-create the previous definition with create or replace)"
                : string.Empty;
            // An index keeps its name when its table is renamed: only a name the message shows is worth both spellings.
            var renamed = created is { CreatedAs: { } createdAs, RenameStatement: { } rename } && createdAs.Describe() != created.Object.Describe()
                ? $"{createdAs.Describe()} (renamed to {created.Object.Describe()} at line {rename.Line})"
                : created.Object.Describe();
            Report(DiagnosticCatalog.CreatedObjectNotRemoved, _forwardPath, created,
                $"The forward {Verb(created.Object)} {renamed}, but the rollback does not remove it, so rolling back does not restore the schema (and re-applying the forward may fail on it); add: {created.Object.DropStatement()}{orReplace}");
        }
    }

    /// <summary>A sequence owned by a column that is itself left behind: dropping the column is the one statement to add.</summary>
    private static bool IsOwnedByLeftColumn(ObjectCreation created, List<ObjectCreation> leftBehind) =>
        created.Object is { Kind: ObjectKind.Sequence, Parent: { } table } && created.MentionedColumns is [var column]
        && leftBehind.Exists(left => left.Object.Kind == ObjectKind.Column && left.Object.BelongsTo(table) && left.Object.Name == column);

    /// <summary>CREATE OR REPLACE in the forward, answered by the rollback re-creating the same function or view.</summary>
    private bool IsRestoredByRollback(ObjectCreation created) =>
        created.IsOrReplace && _rollback.OfType<ObjectCreation>().Any(recreated => created.Object.IsNamedBy(recreated.Object));

    private void ReportNotCreated(ObjectRemoval removal)
    {
        var ifExists = removal.IfExists ? " (IF EXISTS only helps when it is absent, not when it exists)" : string.Empty;
        var message = removal.Object.Kind == ObjectKind.RowLevelSecurity
            ? $"The rollback disables {removal.Object.Describe()}, which the forward does not enable, so rolling back would expose every row of a table that was protected before the migration{ifExists}; remove the statement."
            : $"The rollback drops {removal.Object.Describe()}, which the forward does not {Verb(removal.Object)[..^1]}, so rolling back would destroy an object that existed before the migration{ifExists}; remove the statement, or, if the forward does create it, spell its name the same way in both files.";
        Report(DiagnosticCatalog.DropOfObjectNotCreated, _rollbackPath, removal, message);
    }

    private void ReportRenamedAway(ObjectRemoval removal, ObjectRename rename) =>
        Report(DiagnosticCatalog.RollbackOrderViolatesDependencies, _rollbackPath, removal,
            $"{Capitalize(removal.Object.Describe())} no longer has this name: line {rename.Statement.Line} renamed {rename.Object.Describe()} to {Quote(rename.NewName)}, so this drop fails on a name that does not exist and the rollback stops here; drop it by its new name, or before line {rename.Statement.Line}.");

    private static string Quote(string identifier) => new QualifiedName(null, identifier).ToString();

    private void ReportReplacedNotRestored(ObjectRemoval removal, ObjectCreation target) =>
        Report(DiagnosticCatalog.DropOfObjectNotCreated, _rollbackPath, removal,
            $"The rollback drops {target.Object.Describe()}, which existed before the migration (the forward replaces it at line {target.ReplacementStatement!.Line}), and does not create it again, so rolling back would leave it missing; after the drop, create the previous definition again.");

    private void ReportRequiredByColumn(ObjectRemoval removal, ObjectCreation sequence, ObjectCreation owner)
    {
        var column = new SchemaObject(ObjectKind.Column, null, sequence.MentionedColumns[0]) { Parent = sequence.Object.Parent }.Describe();
        var fix = owner.Object.Kind == ObjectKind.Table
            ? $"drop {owner.Object.Describe()} instead, which drops the sequence with it."
            : $"drop the column instead ({owner.Object.DropStatement()}), which drops the sequence with it.";
        Report(DiagnosticCatalog.RollbackOrderViolatesDependencies, _rollbackPath, removal,
            $"Dropping {sequence.Object.Describe()} here fails: {column} requires it (PostgreSQL created it for the serial or identity column), and PostgreSQL refuses to drop it while the column is there, so the rollback stops at this statement; {fix}");
    }

    private void ReportDependentStillThere(ObjectRemoval removal, ObjectCreation target, ObjectCreation dependent, string reason)
    {
        var later = FindLaterRemoval(removal, dependent);
        var fix = later is null
            ? $"remove it first: {dependent.Object.DropStatement()}"
            : $"move this statement after line {later.Statement.Line}, where it is removed.";
        Report(DiagnosticCatalog.RollbackOrderViolatesDependencies, _rollbackPath, removal,
            $"Dropping {target.Object.Describe()} here fails: {dependent.Object.Describe()}, {reason}, is still there, and PostgreSQL refuses to drop an object others depend on (without CASCADE), so the rollback stops at this statement; {fix}");
    }

    private void ReportAlreadyRemoved(ObjectRemoval removal, ObjectCreation target, ObjectRemoval earlier) =>
        Report(DiagnosticCatalog.RollbackOrderViolatesDependencies, _rollbackPath, removal,
            $"{Capitalize(target.Object.Describe())} was already removed at line {earlier.Statement.Line} (with {earlier.Object.Describe()}), so this drop fails on an object that no longer exists and the rollback stops here; move it before line {earlier.Statement.Line}, or remove it.");

    /// <summary>The first later drop that removes <paramref name="dependent"/>, by its name or with its table.</summary>
    private ObjectRemoval? FindLaterRemoval(ObjectRemoval current, ObjectCreation dependent) =>
        _rollback.OfType<ObjectRemoval>().FirstOrDefault(later =>
            later.Statement.Index > current.Statement.Index
            && (dependent.Object.IsNamedBy(later.Object)
                || (later.Object.Kind is ObjectKind.Table or ObjectKind.View or ObjectKind.MaterializedView && dependent.Object.BelongsTo(later.Object))));

    private static string Verb(SchemaObject target) => target.Kind switch
    {
        ObjectKind.Column or ObjectKind.Constraint => "adds",
        ObjectKind.RowLevelSecurity => "enables",
        _ => "creates",
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private void Report(DiagnosticDescriptor descriptor, string path, ObjectChange change, string message) =>
        _diagnostics.Add(new Diagnostic(descriptor, new SourceLocation(path, change.Token.Line, change.Token.Column), message));
}
