namespace Migrations.Build.Engine.Tests.Environments;

/// <summary>A fake process environment: tests read variables from here, so the real one is never changed.</summary>
internal sealed class Variables
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public Variables(params (string Name, string Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            this.values[name] = value;
        }
    }

    public List<string> Read { get; } = [];

    public string? Get(string name)
    {
        Read.Add(name);
        return values.TryGetValue(name, out var value) ? value : null;
    }
}
