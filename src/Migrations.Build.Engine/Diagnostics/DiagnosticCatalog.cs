namespace Migrations.Build.Engine.Diagnostics;

/// <summary>
/// Every diagnostic code the product can report, kept in one place so codes are never reused or invented ad hoc.
/// docs/diagnostics.md has one anchored entry per code listed here (a test keeps the two in step).
/// </summary>
public static class DiagnosticCatalog
{
    // MIG0001–0099: files and pairing.
    public static readonly DiagnosticDescriptor ForwardWithoutRollback = new("MIG0001", DiagnosticSeverity.Error, "Forward migration without rollback");
    public static readonly DiagnosticDescriptor RollbackWithoutForward = new("MIG0002", DiagnosticSeverity.Error, "Rollback without forward migration");
    public static readonly DiagnosticDescriptor MalformedFileName = new("MIG0003", DiagnosticSeverity.Error, "Malformed migration file name or timestamp");
    public static readonly DiagnosticDescriptor DuplicateVersion = new("MIG0004", DiagnosticSeverity.Error, "Duplicate migration version");
    public static readonly DiagnosticDescriptor EmptyMigration = new("MIG0005", DiagnosticSeverity.Error, "Empty forward or rollback migration");
    public static readonly DiagnosticDescriptor InvalidText = new("MIG0006", DiagnosticSeverity.Error, "Migration is not valid UTF-8 or contains NUL");
    public static readonly DiagnosticDescriptor ForwardNameEndsInRollback = new("MIG0007", DiagnosticSeverity.Error, "Forward migration name ends in _rollback");
    public static readonly DiagnosticDescriptor MigrationInSubfolder = new("MIG0008", DiagnosticSeverity.Warning, "Migration file in a subfolder is ignored");
    public static readonly DiagnosticDescriptor MissingDirectory = new("MIG0009", DiagnosticSeverity.Warning, "Migrations directory does not exist");
    public static readonly DiagnosticDescriptor UnreadableFile = new("MIG0010", DiagnosticSeverity.Error, "Migration file cannot be read");
    public static readonly DiagnosticDescriptor NotRegularFile = new("MIG0011", DiagnosticSeverity.Error, "Migration path is not a regular file");
    public static readonly DiagnosticDescriptor ArtifactManifestUnusable = new("MIG0012", DiagnosticSeverity.Error, "Publish artifact manifest missing or unreadable");
    public static readonly DiagnosticDescriptor ArtifactFileMissing = new("MIG0013", DiagnosticSeverity.Error, "File listed in the artifact manifest is missing");
    public static readonly DiagnosticDescriptor ArtifactFileChanged = new("MIG0014", DiagnosticSeverity.Error, "Artifact file does not match the manifest");
    public static readonly DiagnosticDescriptor ArtifactFileUnexpected = new("MIG0015", DiagnosticSeverity.Error, "File in the artifact is not in the manifest");
    public static readonly DiagnosticDescriptor PublishFailed = new("MIG0016", DiagnosticSeverity.Error, "Migrations cannot be published");
    public static readonly DiagnosticDescriptor NewMigrationNameMissing = new("MIG0017", DiagnosticSeverity.Error, "NewMigration without a name");
    public static readonly DiagnosticDescriptor NewMigrationNotCreated = new("MIG0018", DiagnosticSeverity.Error, "New migration files could not be created");
    public static readonly DiagnosticDescriptor UntouchedTemplate = new("MIG0019", DiagnosticSeverity.Warning, "Migration is still the NewMigration template");
    public static readonly DiagnosticDescriptor ValidationFingerprintUnwritable = new("MIG0020", DiagnosticSeverity.Error, "Validation fingerprint cannot be kept up to date");

    // MIG0100–0199: SQL text.
    public static readonly DiagnosticDescriptor UnterminatedString = new("MIG0101", DiagnosticSeverity.Error, "Unterminated string literal");
    public static readonly DiagnosticDescriptor UnterminatedQuotedIdentifier = new("MIG0102", DiagnosticSeverity.Error, "Unterminated quoted identifier");
    public static readonly DiagnosticDescriptor UnterminatedDollarQuote = new("MIG0103", DiagnosticSeverity.Error, "Unterminated dollar-quoted string");
    public static readonly DiagnosticDescriptor UnterminatedBlockComment = new("MIG0104", DiagnosticSeverity.Error, "Unterminated block comment");
    public static readonly DiagnosticDescriptor UnbalancedParentheses = new("MIG0105", DiagnosticSeverity.Error, "Unbalanced parentheses");
    public static readonly DiagnosticDescriptor UnknownStatementKeyword = new("MIG0106", DiagnosticSeverity.Error, "Unknown statement keyword");
    public static readonly DiagnosticDescriptor PsqlMetaCommand = new("MIG0107", DiagnosticSeverity.Error, "psql meta-command in a migration");
    public static readonly DiagnosticDescriptor UnknownDirective = new("MIG0108", DiagnosticSeverity.Warning, "Unknown directive or diagnostic code in a directive");
    public static readonly DiagnosticDescriptor MissingSemicolon = new("MIG0109", DiagnosticSeverity.Error, "Missing semicolon between statements");

    // MIG0200–0299: rollback compatibility.
    public static readonly DiagnosticDescriptor CreatedObjectNotRemoved = new("MIG0201", DiagnosticSeverity.Warning, "Object created by the forward is not removed by the rollback");
    public static readonly DiagnosticDescriptor DropOfObjectNotCreated = new("MIG0202", DiagnosticSeverity.Warning, "Rollback drops an object the forward did not create");
    public static readonly DiagnosticDescriptor RollbackOrderViolatesDependencies = new("MIG0203", DiagnosticSeverity.Warning, "Rollback removes objects in an order dependencies forbid");

    // MIG0300–0399: transactions and locking safety.
    public static readonly DiagnosticDescriptor NonTransactionalStatement = new("MIG0301", DiagnosticSeverity.Error, "CONCURRENTLY or another non-transactional statement without no-transaction");
    public static readonly DiagnosticDescriptor TransactionControlStatement = new("MIG0302", DiagnosticSeverity.Error, "Transaction control statement in a migration");
    public static readonly DiagnosticDescriptor IndexWithoutConcurrently = new("MIG0303", DiagnosticSeverity.Warning, "Index created without CONCURRENTLY on an existing table");
    public static readonly DiagnosticDescriptor NotNullColumnWithoutDefault = new("MIG0304", DiagnosticSeverity.Warning, "Column added NOT NULL without a default");
    public static readonly DiagnosticDescriptor ColumnTypeChange = new("MIG0305", DiagnosticSeverity.Warning, "Column type changed");
    public static readonly DiagnosticDescriptor DestructiveChange = new("MIG0306", DiagnosticSeverity.Warning, "Table or column dropped in a forward migration");
    public static readonly DiagnosticDescriptor ConstraintWithoutNotValid = new("MIG0307", DiagnosticSeverity.Warning, "Constraint added without NOT VALID");
    public static readonly DiagnosticDescriptor SchemaAndDataChangesMixed = new("MIG0308", DiagnosticSeverity.Warning, "Schema and data changes in one migration");
    public static readonly DiagnosticDescriptor TableWithoutRowLevelSecurity = new("MIG0309", DiagnosticSeverity.Warning, "Table in an exposed schema without row level security");
    public static readonly DiagnosticDescriptor TableOrColumnRenamed = new("MIG0310", DiagnosticSeverity.Warning, "Table or column renamed");
    // MIG1000–1099: database operations.
    public static readonly DiagnosticDescriptor DatabaseUnreachable = new("MIG1001", DiagnosticSeverity.Error, "Database unreachable");
    public static readonly DiagnosticDescriptor EnvironmentNotConfigured = new("MIG1002", DiagnosticSeverity.Error, "Environment not configured");
    public static readonly DiagnosticDescriptor ProductionNotConfirmed = new("MIG1003", DiagnosticSeverity.Error, "Production not confirmed");
    public static readonly DiagnosticDescriptor NotTestedOnStaging = new("MIG1004", DiagnosticSeverity.Error, "Migration not tested on staging");
    public static readonly DiagnosticDescriptor MigrationLockBusy = new("MIG1005", DiagnosticSeverity.Error, "Migration lock busy");
    public static readonly DiagnosticDescriptor AppliedMigrationModified = new("MIG1006", DiagnosticSeverity.Error, "Applied migration modified");
    public static readonly DiagnosticDescriptor SqlErrorWhileApplying = new("MIG1007", DiagnosticSeverity.Error, "SQL error while applying");
    public static readonly DiagnosticDescriptor PartialMigrationBlocks = new("MIG1008", DiagnosticSeverity.Error, "Partial migration blocks deploy");
    public static readonly DiagnosticDescriptor RollbackDidNotRestore = new("MIG1009", DiagnosticSeverity.Error, "Rollback did not restore the schema");
    public static readonly DiagnosticDescriptor BackupFailed = new("MIG1010", DiagnosticSeverity.Error, "Backup failed");
    public static readonly DiagnosticDescriptor DataLoss = new("MIG1011", DiagnosticSeverity.Error, "Migration would destroy data");
    public static readonly DiagnosticDescriptor OutsideDeploymentWindow = new("MIG1012", DiagnosticSeverity.Error, "Outside the deployment window");
    public static readonly DiagnosticDescriptor OutOfOrderRollback = new("MIG1013", DiagnosticSeverity.Error, "Out-of-order rollback");
    public static readonly DiagnosticDescriptor RollbackChangedSinceDeploy = new("MIG1014", DiagnosticSeverity.Warning, "Rollback file differs from the one recorded at deploy");
    public static readonly DiagnosticDescriptor OutOfOrderDeploy = new("MIG1015", DiagnosticSeverity.Error, "Out-of-order deploy");
    public static readonly DiagnosticDescriptor UnknownMigration = new("MIG1016", DiagnosticSeverity.Error, "Unknown migration");
    public static readonly DiagnosticDescriptor IrreversibleMigration = new("MIG1017", DiagnosticSeverity.Error, "Irreversible migration cannot be rolled back");
    public static readonly DiagnosticDescriptor MigrationNotApplied = new("MIG1018", DiagnosticSeverity.Error, "Migration is not applied");
    public static readonly DiagnosticDescriptor InvalidSetting = new("MIG1019", DiagnosticSeverity.Error, "Invalid setting");
    public static readonly DiagnosticDescriptor HistoryUnusable = new("MIG1020", DiagnosticSeverity.Error, "History table unusable");
    public static readonly DiagnosticDescriptor ConnectionLost = new("MIG1021", DiagnosticSeverity.Error, "Connection lost during a migration");
    public static readonly DiagnosticDescriptor PermissionDenied = new("MIG1022", DiagnosticSeverity.Error, "Permission denied");
    public static readonly DiagnosticDescriptor HistoryLocationInvalid = new("MIG1023", DiagnosticSeverity.Error, "History location cannot be used");
    public static readonly DiagnosticDescriptor InternalError = new("MIG1024", DiagnosticSeverity.Error, "Internal error");
    public static readonly DiagnosticDescriptor LogContainsPassword = new("MIG1025", DiagnosticSeverity.Warning, "Log will contain the database password");
    public static readonly DiagnosticDescriptor InvalidIndexLeft = new("MIG1026", DiagnosticSeverity.Warning, "Invalid index left by an interrupted migration");
    public static readonly DiagnosticDescriptor ColumnOrderOnly = new("MIG1027", DiagnosticSeverity.Error, "Schema differs only in column order");
    public static readonly DiagnosticDescriptor WhitespaceOnly = new("MIG1028", DiagnosticSeverity.Error, "Schema differs only in whitespace of routine or view bodies");
    public static readonly DiagnosticDescriptor ApplicationTestsFailed = new("MIG1029", DiagnosticSeverity.Error, "Application tests failed on staging");
    public static readonly DiagnosticDescriptor HealthCheckFailed = new("MIG1030", DiagnosticSeverity.Error, "Health check failed after deploy");
    public static readonly DiagnosticDescriptor RunbookNotWritten = new("MIG1031", DiagnosticSeverity.Warning, "Rollback runbook cannot be written");
    public static readonly DiagnosticDescriptor StepSummaryNotWritten = new("MIG1033", DiagnosticSeverity.Warning, "CI step summary cannot be written");
    public static readonly DiagnosticDescriptor MigrationChangedDuringDeploy = new("MIG1034", DiagnosticSeverity.Error, "Migration file changed during the deploy");
    public static readonly DiagnosticDescriptor ServerVersionMismatch = new("MIG1036", DiagnosticSeverity.Warning, "Throwaway server runs another PostgreSQL major version");
    public static readonly DiagnosticDescriptor LocalBinDirectoryUnusable = new("MIG1037", DiagnosticSeverity.Error, "Local server binaries cannot be used");
    public static readonly DiagnosticDescriptor SchemaDrift = new("MIG1040", DiagnosticSeverity.Error, "Schema differs from the migrations in history");
    public static readonly DiagnosticDescriptor HistoryNotReplayable = new("MIG1041", DiagnosticSeverity.Error, "History cannot be replayed for a drift check");
    public static readonly DiagnosticDescriptor DriftFound = new("MIG1042", DiagnosticSeverity.Error, "Environment has drifted from its history");
    public static readonly DiagnosticDescriptor DriftCheckSkipped = new("MIG1043", DiagnosticSeverity.Warning, "Drift check skipped");
    public static readonly DiagnosticDescriptor DriftCheckBlocked = new("MIG1044", DiagnosticSeverity.Error, "Drift check blocked by a lock");
    // MIG1050–1059: BaselineMigration (adopting a database that already has a schema).
    public static readonly DiagnosticDescriptor BaselineSchemaDiffers = new("MIG1050", DiagnosticSeverity.Error, "Live schema differs from the migrations up to the baseline");
    public static readonly DiagnosticDescriptor BaselineHistoryNotEmpty = new("MIG1051", DiagnosticSeverity.Error, "Baseline refused: migrations are already applied");
    public static readonly DiagnosticDescriptor BaselineUnverified = new("MIG1052", DiagnosticSeverity.Warning, "Baseline recorded without proving the schema");
    public static readonly DiagnosticDescriptor BaselineProofFailed = new("MIG1053", DiagnosticSeverity.Error, "Baseline cannot be proven");
    public static readonly DiagnosticDescriptor BaselineSupabaseHistoryUnusable = new("MIG1054", DiagnosticSeverity.Error, "Supabase history cannot give the baseline");
    public static readonly DiagnosticDescriptor SupabaseHistoryUnusable = new("MIG1060", DiagnosticSeverity.Error, "Supabase history cannot be kept in step");
    public static readonly DiagnosticDescriptor SupabaseHistoryDisagrees = new("MIG1061", DiagnosticSeverity.Warning, "Supabase history disagrees with our history");
    public static readonly DiagnosticDescriptor AppliedPerSupabaseHistory = new("MIG1062", DiagnosticSeverity.Error, "Migration already applied according to the Supabase history");
    public static readonly DiagnosticDescriptor SupabaseHistoryRowRefused = new("MIG1063", DiagnosticSeverity.Error, "Supabase history row refused");
    public static readonly DiagnosticDescriptor SupabaseHistoryUnreadable = new("MIG1064", DiagnosticSeverity.Warning, "Supabase history cannot be read");

    /// <summary>All descriptors, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticCatalog)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .OrderBy(descriptor => descriptor.Code, StringComparer.Ordinal)
            .ToArray();

    public static DiagnosticDescriptor? Find(string code) =>
        All.FirstOrDefault(descriptor => string.Equals(descriptor.Code, code, StringComparison.OrdinalIgnoreCase));
}
