using System.CommandLine;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary><c>--help</c> that teaches: every command and option described, examples, exit codes; usage errors exit 2.</summary>
public sealed class HelpTests
{
    private static readonly string[] Commands = ["serve", "token", "push", "apns-check", "apns-sim", "lab", "load"];

    [Fact]
    public async Task Help_ListsEveryCommand_WithExamplesAndExitCodes()
    {
        var result = await Cli.RunAsync("--help");

        Assert.Equal(0, result.Code);
        foreach (var command in Commands)
        {
            Assert.Contains($"  {command}", result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Examples:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Output, StringComparison.Ordinal);
        Assert.Contains("2  bad usage", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("token")]
    [InlineData("push")]
    [InlineData("apns-check")]
    [InlineData("apns-sim")]
    [InlineData("lab")]
    [InlineData("load")]
    public async Task CommandHelp_HasAnExampleOfItself_AndTheExitCodes_EvenWhenRequiredOptionsAreMissing(string command)
    {
        var result = await Cli.RunAsync(command, "--help");

        Assert.Equal(0, result.Code);
        var examples = result.Output[result.Output.IndexOf("Examples:", StringComparison.Ordinal)..];
        Assert.Contains($"ringwire {command}", examples, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommandOptionAndArgument_IsDescribed()
    {
        var root = RingwireCommand.Create(TextWriter.Null, TextWriter.Null, Cli.NoEnvironment);

        Assert.Equal(Commands.Order(), root.Subcommands.Select(c => c.Name).Order());
        foreach (var command in root.Subcommands)
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            foreach (var symbol in command.Options.Cast<Symbol>().Concat(command.Arguments))
            {
                Assert.False(string.IsNullOrWhiteSpace(symbol.Description), $"{command.Name} {symbol.Name}");
            }
        }
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("push", "--token")]
    [InlineData("token")]
    [InlineData("apns-check", "--key", "k.p8")]
    [InlineData("token", "bob", "--ttl", "soon")]
    public async Task UsageErrors_ExitWith2_AndSayWhy(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }
}
