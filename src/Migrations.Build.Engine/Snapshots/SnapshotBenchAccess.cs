using System.Runtime.CompilerServices;

// The snapshot benchmark times each catalog query on its own, to show where a snapshot's time goes.
[assembly: InternalsVisibleTo("Migrations.Build.SnapshotBench")]
