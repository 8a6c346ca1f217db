using System.Diagnostics;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// For the rare state the server announces nowhere (a socket forgotten after it died): checks a condition between
/// round trips of a real request, so the loop is paced by the server itself rather than by a sleep, and gives up
/// after <see cref="TestTimeout.Default"/>.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, Func<Task> roundTrip, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TestTimeout.Default)
            {
                throw new TimeoutException($"Timed out waiting until {because}.");
            }

            await roundTrip().DefaultTimeout();
        }
    }
}
