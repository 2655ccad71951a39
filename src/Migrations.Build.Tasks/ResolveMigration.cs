using Migrations.Build.Engine.Commands;
using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Tasks;

/// <summary>ResolveMigration: records how a partial migration was settled by hand (<c>-p:As=applied|rolled_back</c>, <c>-p:Reason=…</c>).</summary>
public sealed class ResolveMigration : DatabaseTask
{
    /// <summary><c>applied</c> or <c>rolled_back</c>.</summary>
    public string? As { get; set; }

    /// <summary>Why, recorded in history with who resolved it.</summary>
    public string? Reason { get; set; }

    /// <summary><c>MigrationsSupabaseHistory</c>: list (applied) or unlist (rolled back) it in supabase_migrations.schema_migrations too.</summary>
    public bool SupabaseHistory { get; set; }

    internal override OperationSettings ToSettings() => base.ToSettings() with { ResolveAs = As, ResolveReason = Reason, SupabaseHistory = SupabaseHistory };

    protected override Task<bool> RunAsync(OperationSettings settings, IOperationLog log, CancellationToken cancellationToken) =>
        ResolveCommand.RunAsync(settings, log, cancellationToken);
}
