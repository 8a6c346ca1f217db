namespace Ringwire.Storage.Tests;

/// <summary>Every await in these tests is bounded, so a lock bug fails a test instead of hanging the run.</summary>
public static class TaskTimeouts
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Limit);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Limit);
}
