using System.Runtime.InteropServices;
using Migrations.Build.Engine.Analysis.Statements;

namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// What a forward leaves behind that its rollback must undo: its creations, under the names they have at its end.
/// </summary>
internal static class ForwardEffect
{
    /// <summary>
    /// What exists after the forward that did not before: its creations, less what it dropped again itself (a helper
    /// table, a function replaced by drop and create), each under its final name (a later RENAME moves it, with what
    /// belongs to it and what refers to it). A second CREATE OR REPLACE of the same object keeps the first. A creation
    /// that takes the place of an object the forward shows existed before (dropped without IF EXISTS, or renamed away,
    /// without having created it) is marked <see cref="ObjectCreation.ReplacesExisting"/>: a change, not an addition.
    /// </summary>
    public static List<ObjectCreation> Created(IReadOnlyList<ObjectChange> changes)
    {
        var created = new List<ObjectCreation>();
        // By name, so a large forward is not scanned whole for each of its statements; unnamed ones under the empty string.
        var createdByName = new Dictionary<string, List<ObjectCreation>>(StringComparer.Ordinal);
        // What the forward shows existed before it; rarely anything, so allocated on first use.
        List<SchemaObject>? existed = null;
        foreach (var change in changes)
        {
            switch (change)
            {
                case ObjectCreation creation:
                    var sameName = CollectionsMarshal.GetValueRefOrAddDefault(createdByName, creation.Object.Name ?? string.Empty, out _) ??= [];
                    if (!sameName.Exists(earlier => earlier.Object.GeneratedNameSuffix is null && earlier.Object.IsNamedBy(creation.Object)))
                    {
                        var added = Replaces(creation.Object, existed) ? creation with { ReplacementStatement = creation.Statement } : creation;
                        created.Add(added);
                        sameName.Add(added);
                    }

                    break;

                case ObjectRemoval removal:
                    var dropped = created.Where(earlier => earlier.Object.IsNamedBy(removal.Object)).ToList();
                    if (dropped.Count == 0)
                    {
                        // Without IF EXISTS the drop succeeded only because the object was there before the migration.
                        if (!removal.IfExists)
                        {
                            (existed ??= []).Add(removal.Object);
                        }

                        break;
                    }

                    bool IsGone(ObjectCreation earlier) => dropped.Exists(gone => ReferenceEquals(gone, earlier) || GoesWith(earlier, gone));
                    created.RemoveAll(IsGone);
                    foreach (var list in createdByName.Values)
                    {
                        list.RemoveAll(IsGone);
                    }

                    break;

                case ObjectRename rename:
                    if (!Rename(created, rename, existed) && !rename.IfExists)
                    {
                        // The forward renamed an object it did not create: the old name was taken before the migration.
                        (existed ??= []).Add(rename.Object);
                    }

                    createdByName.Clear();
                    foreach (var creation in created)
                    {
                        (CollectionsMarshal.GetValueRefOrAddDefault(createdByName, creation.Object.Name ?? string.Empty, out _) ??= []).Add(creation);
                    }

                    break;
            }
        }

        return created;
    }

    /// <summary>True when <paramref name="created"/> takes the name of an object the forward showed existed before.</summary>
    private static bool Replaces(SchemaObject created, List<SchemaObject>? existed) =>
        existed is not null && existed.Exists(created.IsNamedBy);

    /// <summary>What a drop of <paramref name="gone"/> takes with it: what belongs to its table, a sequence owned by its column.</summary>
    private static bool GoesWith(ObjectCreation earlier, ObjectCreation gone) =>
        earlier.Object.BelongsTo(gone.Object)
        || (earlier.Object.Kind == ObjectKind.Sequence && gone.Object.Kind == ObjectKind.Column && gone.Object.Parent is { } table
            && earlier.Object.BelongsTo(table) && earlier.MentionedColumns.Contains(gone.Object.Name!, StringComparer.Ordinal));

    /// <summary>
    /// Applies <paramref name="rename"/> to the creations: the renamed one, what belongs to a renamed table, the columns
    /// a constraint, index or owned sequence mentions, and the references to a renamed table or type. True when the
    /// renamed object is one of the creations.
    /// </summary>
    private static bool Rename(List<ObjectCreation> created, ObjectRename rename, List<SchemaObject>? existed)
    {
        var found = false;
        var old = rename.Object;
        for (var i = 0; i < created.Count; i++)
        {
            var creation = created[i];
            var isRenamed = rename.Renames(creation.Object);
            found |= isRenamed;
            var moved = rename.Apply(creation.Object);
            var isMoved = moved != creation.Object;
            var renamed = creation with
            {
                Object = moved,
                MentionedColumns = old.Kind == ObjectKind.Column && creation.Object.Parent is { } parent && parent.IsSameRelationAs(old.Parent!)
                    ? [.. creation.MentionedColumns.Select(column => column == old.Name ? rename.NewName : column)]
                    : creation.MentionedColumns,
                References = old.Parent is null && creation.References.Any(reference => IsReferenceTo(reference, old))
                    ? [.. creation.References.Select(reference => IsReferenceTo(reference, old) ? reference with { Name = rename.NewName } : reference)]
                    : creation.References,
                ReplacementStatement = creation.ReplacementStatement ?? (isRenamed && Replaces(rename.Renamed, existed) ? rename.Statement : null),
                CreatedAs = isMoved ? creation.CreatedAs ?? creation.Object : creation.CreatedAs,
                RenameStatement = isMoved ? rename.Statement : creation.RenameStatement,
            };
            if (renamed != creation)
            {
                created[i] = renamed;
            }
        }

        return found;
    }

    private static bool IsReferenceTo(ObjectReference reference, SchemaObject target) =>
        string.Equals(reference.Schema, target.Schema, StringComparison.Ordinal) && string.Equals(reference.Name, target.Name, StringComparison.Ordinal);
}
