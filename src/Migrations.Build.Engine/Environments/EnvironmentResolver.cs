using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Diagnostics;

namespace Migrations.Build.Engine.Environments;

/// <summary>
/// Chooses the environments for an operation (contract §4). Environment variables are read through a delegate,
/// so the MSBuild task passes the real environment and tests pass a dictionary without touching the process.
/// </summary>
internal sealed class EnvironmentResolver
{
    /// <summary>The confirmation variable assumed when a project redefines Production without one.</summary>
    public const string DefaultConfirmVariable = "CONFIRM_PRODUCTION";

    private readonly Func<string, string?> readVariable;

    /// <param name="configured">
    /// The project's <c>MigrationEnvironment</c> items. One named like a built-in replaces it (Staging and Production
    /// may point at other variables); the rest are added after the built-ins. A redefined Local stays throwaway.
    /// When a name is declared twice, the later declaration wins, as with MSBuild properties.
    /// </param>
    /// <param name="readVariable">Returns an environment variable's value, or null when it is not set.</param>
    public EnvironmentResolver(IEnumerable<MigrationEnvironment> configured, Func<string, string?> readVariable)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(readVariable);
        this.readVariable = readVariable;

        var environments = MigrationEnvironment.BuiltIn.ToList();
        foreach (var environment in configured)
        {
            var declared = environment.HasName(MigrationEnvironment.LocalName) ? environment with { IsThrowaway = true } : environment;
            var existing = environments.FindIndex(known => known.HasName(declared.Name));
            if (existing >= 0)
            {
                environments[existing] = declared;
            }
            else
            {
                environments.Add(declared);
            }
        }

        Environments = environments;
    }

    /// <summary>Built-ins first (as redefined), then the project's own, in declaration order.</summary>
    public IReadOnlyList<MigrationEnvironment> Environments { get; }

    public MigrationEnvironment? Find(string name) => Environments.FirstOrDefault(environment => environment.HasName(name));

    /// <summary>Whether the variable is set to something other than blanks.</summary>
    public bool IsSet(string variable) => !string.IsNullOrWhiteSpace(readVariable(variable));

    /// <param name="explicitName">The <c>MigrationsEnvironment</c> property; null or blank when not given.</param>
    public EnvironmentResolution Resolve(MigrationOperation operation, string? explicitName = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitName))
        {
            return ResolveExplicit(explicitName.Trim());
        }

        return operation switch
        {
            MigrationOperation.Test => ResolveTest(),
            MigrationOperation.Deploy => Chosen(Get(MigrationEnvironment.ProductionName)),
            MigrationOperation.Rollback or MigrationOperation.Resolve or MigrationOperation.Baseline => ResolveConfirmedOrStaging(operation),
            MigrationOperation.Status or MigrationOperation.Drift => ResolveStatus(),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a migration operation"),
        };
    }

    private EnvironmentResolution ResolveExplicit(string name)
    {
        var environment = Find(name);
        if (environment is not null)
        {
            return Chosen(environment);
        }

        var known = string.Join(", ", Environments.Select(e => e.Name));
        var diagnostic = new Diagnostic(
            DiagnosticCatalog.EnvironmentNotConfigured,
            SourceLocation.None,
            $"{PublicSurface.EnvironmentProperty} '{name}' is not a known environment; known environments: {known}."
            + (Text.SpellingSuggestion.Find(name, Environments.Select(e => e.Name)) is { } closest ? $" Did you mean {closest}?" : string.Empty)
            + $" Correct -p:{PublicSurface.EnvironmentProperty}, or declare it: <MigrationEnvironment Include=\"{name}\" UrlVariable=\"…\" />.");
        return new EnvironmentResolution([], [], [diagnostic]);
    }

    private EnvironmentResolution ResolveTest()
    {
        var staging = Get(MigrationEnvironment.StagingName);
        if (IsSet(staging.UrlVariable))
        {
            return Chosen(staging);
        }

        var local = Get(MigrationEnvironment.LocalName);
        return Chosen(
            local,
            $"{staging.UrlVariable} is not set, so {PublicSurface.TargetName(MigrationOperation.Test)} runs on {local.Name}, a throwaway database; "
            + $"set {staging.UrlVariable} to test on {staging.Name}.");
    }

    /// <summary>Production only when its confirmation is given, else Staging: a rollback, a resolution or a baseline is never a guess on Production.</summary>
    private EnvironmentResolution ResolveConfirmedOrStaging(MigrationOperation operation)
    {
        var production = Get(MigrationEnvironment.ProductionName);
        var staging = Get(MigrationEnvironment.StagingName);
        var confirmVariable = production.ConfirmVariable ?? DefaultConfirmVariable;
        var confirmation = readVariable(confirmVariable);
        if (string.Equals(confirmation, "true", StringComparison.Ordinal))
        {
            return Chosen(production);
        }

        // A near miss ("TRUE", "1") most likely meant Production: say why it was not taken.
        var reason = string.IsNullOrWhiteSpace(confirmation)
            ? $"{confirmVariable} is not set"
            : $"{confirmVariable} is not exactly 'true'";
        var verb = operation switch
        {
            MigrationOperation.Resolve => "resolve a migration on",
            MigrationOperation.Baseline => "baseline",
            _ => "roll back",
        };
        return Chosen(
            staging,
            $"{PublicSurface.TargetName(operation)} runs on {staging.Name} because {reason}; to {verb} {production.Name}, run it with {confirmVariable}=true.");
    }

    private EnvironmentResolution ResolveStatus()
    {
        // A throwaway database has no history worth reporting, whatever its variable says.
        var withUrl = Environments.Where(e => !e.IsThrowaway && IsSet(e.UrlVariable)).ToList();
        if (withUrl.Count > 0)
        {
            return new EnvironmentResolution(withUrl, [], []);
        }

        var variables = string.Join(", ", Environments.Where(e => !e.IsThrowaway).Select(e => e.UrlVariable));
        return new EnvironmentResolution([], [$"No environment URL is set ({variables}), so there is no database to report on."], []);
    }

    private MigrationEnvironment Get(string builtInName) =>
        Find(builtInName) ?? throw new InvalidOperationException($"built-in environment {builtInName} is missing");

    private static EnvironmentResolution Chosen(MigrationEnvironment environment, params string[] messages) =>
        new([environment], messages, []);
}
