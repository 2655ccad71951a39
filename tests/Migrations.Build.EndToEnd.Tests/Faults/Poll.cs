namespace Migrations.Build.EndToEnd.Tests.Faults;

/// <summary>
/// Waits for a condition by asking again and again until a deadline. The deadline only keeps a broken run from
/// hanging; it is never an assertion about speed.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>The first non-null answer of <paramref name="probe"/>; a <see cref="TimeoutException"/> naming what was awaited otherwise.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string awaited, Func<Task<string>> context, CancellationToken cancellationToken)
        where T : struct
    {
        var giveUpAt = DateTime.UtcNow + deadline;
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            if (DateTime.UtcNow >= giveUpAt)
            {
                throw new TimeoutException($"Gave up after {deadline.TotalSeconds:0} s waiting for {awaited}.{Environment.NewLine}{await context()}");
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string awaited, Func<Task<string>> context, CancellationToken cancellationToken) =>
        ForAsync(async () => await condition() ? true : (bool?)null, deadline, awaited, context, cancellationToken);
}
