using Migrations.Build.Engine.Database;
using Migrations.Build.Engine.Diagnostics;
using Migrations.Build.Engine.Environments;
using Migrations.Build.Engine.Local;
using Migrations.Build.Engine.Operations;
using Migrations.Build.Engine.Snapshots;
using Migrations.Build.Engine.Verification;

namespace Migrations.Build.Engine.Commands;

/// <summary>
/// Turns the text a target was given into the values the engine runs on, filling in <see cref="OperationDefaults"/>
/// for blanks. Every unusable value is a MIG1019 naming the property and showing how to write it.
/// </summary>
internal sealed class SettingsReader(OperationSettings settings, IOperationLog log)
{
    public HistoryLocation History => new(
        ValueOrDefault(settings.HistorySchema, OperationDefaults.HistorySchema),
        ValueOrDefault(settings.HistoryTable, OperationDefaults.HistoryTable));

    /// <summary>Reports MIG1023 and returns false when the history location cannot be created as named.</summary>
    public bool HistoryIsUsable()
    {
        var history = History;
        if (history.Problem() is not { } problem)
        {
            return true;
        }

        log.Report(new Diagnostic(
            DiagnosticCatalog.HistoryLocationInvalid,
            SourceLocation.None,
            $"The history table {history} cannot be used: {problem}. Choose another {PublicSurface.HistorySchemaProperty} / {PublicSurface.HistoryTableProperty}."));
        return false;
    }

    /// <summary>
    /// Passed to the server as given: PostgreSQL itself judges its interval syntax, and names the setting when it
    /// refuses. Lock waits and slow statements are reported to this run's log.
    /// </summary>
    public ExecutionSettings Execution => new(
        ValueOrDefault(settings.LockTimeout, OperationDefaults.LockTimeout),
        ValueOrDefault(settings.StatementTimeout, OperationDefaults.StatementTimeout))
    {
        Log = log,
    };

    public string? Migration => Blank(settings.Migration) ? null : settings.Migration!.Trim();

    public string? EnvironmentName => Blank(settings.EnvironmentName) ? null : settings.EnvironmentName!.Trim();

    /// <summary>Null after reporting MIG1019.</summary>
    public TimeSpan? LockWait()
    {
        var text = ValueOrDefault(settings.LockWait, OperationDefaults.LockWait);
        if (DurationText.TryParse(text, out var lockWait))
        {
            return lockWait;
        }

        Invalid($"{PublicSurface.LockWaitProperty} '{settings.LockWait}' is not a duration; write it like 500ms, 60s, 5min or 1h.");
        return null;
    }

    /// <summary>Null after reporting MIG1019.</summary>
    public StatusFormat? StatusFormat()
    {
        if (StatusFormatter.TryParseFormat(ValueOrDefault(settings.StatusFormat, OperationDefaults.StatusFormat), out var format))
        {
            return format;
        }

        Invalid($"{PublicSurface.StatusFormatProperty} '{settings.StatusFormat}' is not a status format; use table, json or markdown.");
        return null;
    }

    /// <summary>MigrationDrift's output format (the same formats as status); null after reporting MIG1019.</summary>
    public StatusFormat? DriftFormat()
    {
        if (StatusFormatter.TryParseFormat(ValueOrDefault(settings.DriftFormat, OperationDefaults.StatusFormat), out var format))
        {
            return format;
        }

        Invalid($"{PublicSurface.DriftFormatProperty} '{settings.DriftFormat}' is not a report format; use table, json or markdown.");
        return null;
    }

    /// <summary>
    /// What the drift check's snapshots leave out: system schemas, the history schema, the Supabase CLI's history schema
    /// and <c>MigrationsDriftExcludedSchemas</c> (names, or prefixes ending in <c>*</c>, separated by <c>;</c> or <c>,</c>).
    /// </summary>
    public SnapshotOptions DriftSnapshotOptions()
    {
        // The Supabase CLI's history is another migration tool's bookkeeping, like our own history schema: never drift.
        var excluded = (settings.DriftExcludedSchemas ?? string.Empty)
            .Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(Supabase.SupabaseHistoryTable.Schema);
        var options = SnapshotOptions.ForHistory(History);
        return options with { ExcludedSchemas = options.ExcludedSchemas.AddRange(excluded.Except(options.ExcludedSchemas, StringComparer.Ordinal)) };
    }

    /// <summary>
    /// Where a throwaway server for <paramref name="local"/> comes from: its URL variable (MIGRATIONS_LOCAL_URL), else
    /// <c>MigrationsLocalImage</c> with Docker, else <c>MigrationsLocalBinDirectory</c> (relative to the project) or the
    /// binaries found on the machine.
    /// </summary>
    public ThrowawayServerOptions ThrowawayServer(MigrationEnvironment local) => new()
    {
        UrlVariable = local.UrlVariable,
        ReadVariable = settings.ReadVariable,
        ContainerImage = Blank(settings.LocalImage) ? null : settings.LocalImage!.Trim(),
        LocalBinDirectory = Blank(settings.LocalBinDirectory) ? null : Path.GetFullPath(settings.LocalBinDirectory!.Trim(), settings.RelativePathBase),
    };

    /// <summary>ResolveMigration's <c>As</c>: <see cref="HistoryStatus.Succeeded"/> or <see cref="HistoryStatus.RolledBack"/>; null after reporting MIG1019.</summary>
    public HistoryStatus? Resolution()
    {
        switch ((settings.ResolveAs ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "applied":
                return HistoryStatus.Succeeded;
            case "rolled_back" or "rolledback" or "rolled-back":
                return HistoryStatus.RolledBack;
            default:
                Invalid($"{PublicSurface.ResolveAsProperty}='{settings.ResolveAs}' is not a resolution; pass -p:{PublicSurface.ResolveAsProperty}=applied if the migration's changes are now all in place, or -p:{PublicSurface.ResolveAsProperty}=rolled_back if they are all undone.");
                return null;
        }
    }

    /// <summary>
    /// The variable MigrationsStagingTestCommand reads the staging URL from (DATABASE_URL when blank); null after
    /// reporting MIG1019. A shell would refuse or mangle any other name, so the tests would silently miss the URL.
    /// </summary>
    public string? StagingTestUrlVariable()
    {
        var name = ValueOrDefault(settings.StagingTestUrlVariable, OperationDefaults.StagingTestUrlVariable);
        if (IsVariableName(name))
        {
            return name;
        }

        Invalid($"{PublicSurface.StagingTestUrlVariableProperty} '{settings.StagingTestUrlVariable}' is not an environment variable name; use letters, digits and underscores, not starting with a digit, e.g. {OperationDefaults.StagingTestUrlVariable}.");
        return null;
    }

    /// <summary>TestMigration's accepted kinds of difference and where it writes their full list; null after reporting MIG1019.</summary>
    public RefutationOptions? Refutation()
    {
        var ignoreColumnOrder = Switch(settings.IgnoreColumnOrder, OperationDefaults.IgnoreColumnOrder, PublicSurface.IgnoreColumnOrderProperty, "accept a rollback that only puts columns in another order (MIG1027 becomes a warning)");
        var ignoreWhitespace = Switch(settings.IgnoreWhitespace, OperationDefaults.IgnoreWhitespace, PublicSurface.IgnoreWhitespaceProperty, "accept routine bodies that differ only in whitespace (MIG1028 becomes a warning)");
        if (ignoreColumnOrder is null || ignoreWhitespace is null)
        {
            return null;
        }

        var directory = Blank(settings.DifferencesDirectory)
            ? null
            : Path.GetFullPath(settings.DifferencesDirectory!.Trim(), settings.RelativePathBase);
        return new RefutationOptions(ignoreColumnOrder.Value, ignoreWhitespace.Value, directory);
    }

    /// <summary>
    /// The project's environment declarations. One without a UrlVariable is reported and left out, so the rest of
    /// the project's environments still resolve.
    /// </summary>
    public IReadOnlyList<MigrationEnvironment> Environments()
    {
        var environments = new List<MigrationEnvironment>();
        foreach (var declaration in settings.Environments)
        {
            if (Blank(declaration.UrlVariable))
            {
                Invalid($"MigrationEnvironment '{declaration.Name}' has no UrlVariable; name the environment variable that holds its URL, e.g. <MigrationEnvironment Include=\"{declaration.Name}\" UrlVariable=\"{declaration.Name.ToUpperInvariant()}_DATABASE_URL\" />.");
                continue;
            }

            environments.Add(new MigrationEnvironment(
                declaration.Name,
                declaration.UrlVariable!.Trim(),
                Blank(declaration.ConfirmVariable) ? null : declaration.ConfirmVariable!.Trim(),
                Blank(declaration.RequireTestedOn) ? null : declaration.RequireTestedOn!.Trim(),
                string.Equals(declaration.Backup?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                CheckDrift = string.Equals(declaration.CheckDrift?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            });
        }

        return environments;
    }

    public void Invalid(string message) => log.Report(new Diagnostic(DiagnosticCatalog.InvalidSetting, SourceLocation.None, message));

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>A true/false property, blank taking <paramref name="fallback"/>; null after reporting MIG1019.</summary>
    private bool? Switch(string? text, string fallback, string property, string meaning)
    {
        if (bool.TryParse(ValueOrDefault(text, fallback), out var value))
        {
            return value;
        }

        Invalid($"{property} '{text}' is not true or false; set it to true to {meaning}, or leave it empty for {fallback}.");
        return null;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(character => char.IsAsciiLetterOrDigit(character) || character == '_');

    private static string ValueOrDefault(string? value, string fallback) => Blank(value) ? fallback : value!.Trim();
}
