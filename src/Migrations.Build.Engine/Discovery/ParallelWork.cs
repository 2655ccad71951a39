namespace Migrations.Build.Engine.Discovery;

/// <summary>Runs independent items on every core when there are enough of them to pay for it, else one by one.</summary>
internal static class ParallelWork
{
    /// <summary>Each <paramref name="body"/> call writes only its own slot, so the result never depends on scheduling.</summary>
    public static void For(int count, int threshold, Action<int> body)
    {
        if (count >= threshold && count > 1)
        {
            Parallel.For(0, count, body);
            return;
        }

        for (var index = 0; index < count; index++)
        {
            body(index);
        }
    }
}
