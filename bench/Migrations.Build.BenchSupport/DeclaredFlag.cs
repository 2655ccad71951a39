namespace Migrations.Build.BenchSupport;

/// <summary>
/// A flag as the usage text shows it, and how its value is taken: <see cref="Assign"/> stores a good value and returns
/// null, or returns what is wrong with it.
/// </summary>
internal sealed record DeclaredFlag(string Name, string Placeholder, string Description, string DefaultText, Func<string, string?> Assign);
