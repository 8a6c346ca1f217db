using static Ringwire.Core.Tests.CallBuilder;

namespace Ringwire.Core.Tests;

public sealed class CallRequestValidationTests
{
    private static readonly RingingRules Rules = new() { MaxRingSeconds = 60 };

    private static readonly CallRequest Valid = new()
    {
        From = Caller,
        To = Callee,
        CallerName = "Alice",
        CallerHandle = "+15551234567",
        RingSeconds = 30,
        Metadata = """{"room":"r1"}""",
    };

    [Fact]
    public void Validate_WithValidRequest_ReportsNothing() => Assert.Empty(Validate(Valid));

    [Fact]
    public void Validate_WithOnlyRequiredFields_ReportsNothing() =>
        Assert.Empty(Validate(new CallRequest { From = Caller, To = Callee }));

    [Theory]
    [InlineData("")]
    [InlineData("bob smith")]
    [InlineData("bob/1")]
    [InlineData("bób")]
    public void Validate_WithInvalidTo_ReportsTo(string to) =>
        Assert.Equal(["to"], Validate(Valid with { To = to }).Keys);

    [Theory]
    [InlineData("")]
    [InlineData("alice smith")]
    [InlineData("alice#1")]
    public void Validate_WithInvalidFrom_ReportsFrom(string from) =>
        Assert.Equal(["from"], Validate(Valid with { From = from }).Keys);

    [Fact]
    public void Validate_WithToOf129Characters_ReportsTo() =>
        Assert.Equal(["to"], Validate(Valid with { To = new string('b', 129) }).Keys);

    [Fact]
    public void Validate_WhenCallingYourself_ReportsTo()
    {
        var errors = Validate(Valid with { To = Caller });

        Assert.Equal(["to"], errors.Keys);
        Assert.Contains("themselves", Assert.Single(errors["to"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    public void Validate_WithCallerNameUpTo64Characters_ReportsNothing(int? length) =>
        Assert.Empty(Validate(Valid with { CallerName = length is { } n ? new string('A', n) : null }));

    [Fact]
    public void Validate_WithCallerNameOf65Characters_ReportsCallerName() =>
        Assert.Equal(["callerName"], Validate(Valid with { CallerName = new string('A', 65) }).Keys);

    [Fact]
    public void Validate_WithCallerHandleOver256Characters_ReportsCallerHandle()
    {
        Assert.Empty(Validate(Valid with { CallerHandle = new string('1', 256) }));
        Assert.Equal(["callerHandle"], Validate(Valid with { CallerHandle = new string('1', 257) }).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    [InlineData(45)]
    [InlineData(60)]
    public void Validate_WithRingSecondsFrom5ToMax_ReportsNothing(int? ringSeconds) =>
        Assert.Empty(Validate(Valid with { RingSeconds = ringSeconds }));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(61)]
    [InlineData(int.MaxValue)]
    public void Validate_WithRingSecondsOutside5ToMax_ReportsRingSeconds(int ringSeconds)
    {
        var errors = Validate(Valid with { RingSeconds = ringSeconds });

        Assert.Equal(["ringSeconds"], errors.Keys);
        Assert.Contains("5 and 60", Assert.Single(errors["ringSeconds"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithMetadataOf1024Bytes_ReportsNothing() =>
        Assert.Empty(Validate(Valid with { Metadata = MetadataOfBytes(1024) }));

    [Fact]
    public void Validate_WithMetadataOver1024Bytes_ReportsMetadata() =>
        Assert.Equal(["metadata"], Validate(Valid with { Metadata = MetadataOfBytes(1025) }).Keys);

    [Fact]
    public void Validate_WithMetadataUnder1024CharactersButOver1024Bytes_ReportsMetadata()
    {
        // {"n":"é…é"}: 8 bytes of framing and 2 bytes for each é, so 509 of them make 1026 bytes in 517 characters.
        var metadata = "{\"n\":\"" + new string('é', 509) + "\"}";

        Assert.Equal(["metadata"], Validate(Valid with { Metadata = metadata }).Keys);
    }

    [Fact]
    public void Validate_WithSeveralMistakes_ReportsThemAllAtOnce()
    {
        var request = new CallRequest
        {
            From = "alice smith",
            To = "bob/1",
            CallerName = new string('A', 65),
            CallerHandle = new string('1', 257),
            RingSeconds = 1,
            Metadata = MetadataOfBytes(2000),
        };

        var errors = Validate(request);

        Assert.Equal(
            ["callerHandle", "callerName", "from", "metadata", "ringSeconds", "to"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_WhenCallingYourselfWithAnInvalidId_ReportsBothForTo()
    {
        var errors = Validate(Valid with { From = "a b", To = "a b" });

        Assert.Equal(2, errors["to"].Length);
        Assert.Single(errors["from"]);
    }

    private static IReadOnlyDictionary<string, string[]> Validate(CallRequest request)
    {
        var errors = new ValidationErrors();
        CallRequestValidation.Validate(request, Rules, errors);
        Assert.Equal(errors.IsEmpty, errors.ToDictionary().Count == 0);
        return errors.ToDictionary();
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string MetadataOfBytes(int bytes) => "{\"n\":\"" + new string('x', bytes - 8) + "\"}";
}
