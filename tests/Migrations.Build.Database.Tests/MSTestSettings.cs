// Safe because the provider starts its server once under a lock and every test gets its own database.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
