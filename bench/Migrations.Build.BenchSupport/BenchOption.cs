namespace Migrations.Build.BenchSupport;

/// <summary>One declared flag's value: its default until <see cref="BenchOptions.Parse"/> reads the flag.</summary>
public sealed class BenchOption<T>
{
    internal BenchOption(T value) => Value = value;

    public T Value { get; internal set; }
}
