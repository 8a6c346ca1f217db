namespace Ringwire.Cli.Tests;

/// <summary>What one command run gave: its exit code, stdout and stderr.</summary>
internal sealed record CliResult(int Code, string Output, string Error)
{
    /// <summary>No .NET stack trace anywhere: expected errors are told in words.</summary>
    public void AssertNoStackTrace()
    {
        Assert.DoesNotContain("   at ", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Error, StringComparison.Ordinal);
    }
}
