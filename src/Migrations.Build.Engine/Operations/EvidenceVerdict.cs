namespace Migrations.Build.Engine.Operations;

/// <summary>What the RequireTestedOn environment's history says about one migration's current files (MIG1004).</summary>
internal enum EvidenceVerdict
{
    /// <summary>A passed test with the same checksums (and, when required, passing application tests).</summary>
    Proven,

    /// <summary>No passed test with the same checksums.</summary>
    Untested,

    /// <summary>Tested, but the application tests run after it failed.</summary>
    ApplicationTestsFailed,

    /// <summary>Tested, but no application tests ran with it (MigrationsStagingTestCommand was not set then).</summary>
    NoApplicationTests,
}
