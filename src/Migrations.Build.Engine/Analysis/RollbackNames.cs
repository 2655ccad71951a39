namespace Migrations.Build.Engine.Analysis;

/// <summary>
/// Follows the renames of a rollback, so each of its drops names the object as it was when the rollback started (what
/// the forward left): after <c>ALTER TABLE b RENAME TO a</c>, <c>DROP TABLE a</c> drops what the forward left as
/// <c>b</c>. A rename also puts an object in place under its new name, which counts as the rollback creating it again
/// (<c>DROP TYPE t; ALTER TYPE t_old RENAME TO t;</c> restores <c>t</c>).
/// </summary>
internal static class RollbackNames
{
    public static IReadOnlyList<ObjectChange> Resolve(IReadOnlyList<ObjectChange> rollback)
    {
        // Most rollbacks rename nothing; those are returned as they are.
        if (!HasRename(rollback))
        {
            return rollback;
        }

        var resolved = new List<ObjectChange>(rollback.Count);
        // Renames of objects that were there when the rollback started, in order.
        var renames = new List<ObjectRename>();
        // What the rollback created itself, under its current name: a rename of one of those is no alias of the forward's objects.
        var createdHere = new List<SchemaObject>();
        foreach (var change in rollback)
        {
            switch (change)
            {
                case ObjectCreation creation:
                    createdHere.Add(creation.Object);
                    resolved.Add(creation);
                    break;

                case ObjectRename rename:
                    var own = createdHere.FindLastIndex(rename.Renames);
                    if (own >= 0)
                    {
                        createdHere[own] = rename.Apply(createdHere[own]);
                    }
                    else
                    {
                        renames.Add(rename);
                    }

                    resolved.Add(new ObjectCreation(rename.Renamed, rename.Statement, rename.Token));
                    break;

                case ObjectRemoval removal:
                    var target = removal.Object;
                    ObjectRename? renamedAway = null;
                    for (var i = renames.Count - 1; i >= 0 && renamedAway is null; i--)
                    {
                        var before = renames[i].Undo(target);
                        // Unchanged, yet named (or on a table named) as the renamed object was: that name is gone.
                        if (before == target && (renames[i].Renames(target) || (target.Parent is { } table && renames[i].Renames(table))))
                        {
                            renamedAway = renames[i];
                        }

                        target = before;
                    }

                    resolved.Add(target == removal.Object && renamedAway is null ? removal : removal with { Object = target, RenamedAwayBy = renamedAway });
                    break;

                default:
                    resolved.Add(change);
                    break;
            }
        }

        return resolved;
    }

    private static bool HasRename(IReadOnlyList<ObjectChange> changes)
    {
        foreach (var change in changes)
        {
            if (change is ObjectRename)
            {
                return true;
            }
        }

        return false;
    }
}
