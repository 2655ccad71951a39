// Each test drives several `dotnet build` processes; on a 2-core CI machine two at a time is the useful maximum.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
