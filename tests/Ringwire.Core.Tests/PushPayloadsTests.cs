using System.Globalization;
using System.Text;
using System.Text.Json;
using static Ringwire.Core.Tests.CallBuilder;

namespace Ringwire.Core.Tests;

public sealed class PushPayloadsTests
{
    private const string ConnectUrl = "wss://ring.example.com/v1/connect";

    /// <summary>The contract's example times: sentAt 1763760000000, ringUntil 45 s later.</summary>
    private static readonly DateTimeOffset SentAt = CreatedAt;

    private const string Family = "👩‍👩‍👧";

    private const string DecomposedE = "e\u0301";

    [Fact]
    public void Voip_WithCallerName_WritesExactlyTheContractFields()
    {
        var call = Ringing().Build() with
        {
            CallerName = "Alice",
            CallerHandle = "+15551234567",
            HandleType = HandleType.PhoneNumber,
            Video = true,
        };

        using var json = JsonDocument.Parse(PushPayloads.Voip(call, SentAt, ConnectUrl));

        var root = json.RootElement;
        Assert.Equal(["ringwire"], root.EnumerateObject().Select(p => p.Name));
        var ringwire = root.GetProperty("ringwire");
        Assert.Equal(
            ["callId", "callerHandle", "callerName", "connect", "from", "handleType", "ringUntil", "sentAt", "v", "video"],
            ringwire.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("1", ringwire.GetProperty("v").GetRawText());
        Assert.Equal("6f1c2a9e-4b7d-4e0a-9d3c-2f8b5a1e7c40", ringwire.GetProperty("callId").GetString());
        Assert.Equal(Caller, ringwire.GetProperty("from").GetString());
        Assert.Equal("Alice", ringwire.GetProperty("callerName").GetString());
        Assert.Equal("+15551234567", ringwire.GetProperty("callerHandle").GetString());
        Assert.Equal("phoneNumber", ringwire.GetProperty("handleType").GetString());
        Assert.Equal(JsonValueKind.True, ringwire.GetProperty("video").ValueKind);
        // Epoch milliseconds as plain integers, not strings, fractions or exponents.
        Assert.Equal("1763760000000", ringwire.GetProperty("sentAt").GetRawText());
        Assert.Equal("1763760045000", ringwire.GetProperty("ringUntil").GetRawText());
        Assert.Equal(ConnectUrl, ringwire.GetProperty("connect").GetString());
    }

    [Fact]
    public void Voip_WithMillisecondTimes_KeepsMilliseconds()
    {
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(1763760000123);
        var call = Ringing().Build() with { RingUntil = DateTimeOffset.FromUnixTimeMilliseconds(1763760045987) };

        var ringwire = Parse(PushPayloads.Voip(call, sentAt, ConnectUrl)).GetProperty("ringwire");

        Assert.Equal(1763760000123, ringwire.GetProperty("sentAt").GetInt64());
        Assert.Equal(1763760045987, ringwire.GetProperty("ringUntil").GetInt64());
    }

    [Fact]
    public void Voip_WithoutCallerName_OmitsCallerName()
    {
        var call = Ringing().WithCallerName(null).Build();

        var ringwire = Parse(PushPayloads.Voip(call, SentAt, ConnectUrl)).GetProperty("ringwire");

        Assert.False(ringwire.TryGetProperty("callerName", out _));
        Assert.Equal(Caller, ringwire.GetProperty("callerHandle").GetString());
    }

    [Theory]
    [InlineData(HandleType.Generic, "generic")]
    [InlineData(HandleType.PhoneNumber, "phoneNumber")]
    [InlineData(HandleType.EmailAddress, "emailAddress")]
    public void Voip_ForEachHandleType_WritesContractName(HandleType type, string expected)
    {
        var call = Ringing().Build() with { HandleType = type, Video = false };

        var ringwire = Parse(PushPayloads.Voip(call, SentAt, ConnectUrl)).GetProperty("ringwire");

        Assert.Equal(expected, ringwire.GetProperty("handleType").GetString());
        Assert.Equal(JsonValueKind.False, ringwire.GetProperty("video").ValueKind);
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("Ana María 👩‍👩‍👧 e\u0301 ")]
    [InlineData(Family)]
    [InlineData(DecomposedE)]
    public void Voip_WithHugeCallerName_FitsAndKeepsAWholeTextElementPrefix(string piece)
    {
        var name = string.Concat(Enumerable.Repeat(piece, 5000 / piece.Length + 1));
        var call = Ringing().WithCallerName(name).Build();

        var payload = PushPayloads.Voip(call, SentAt, ConnectUrl);

        Assert.True(payload.Length <= PushPayloads.MaxVoipBytes, $"{payload.Length} bytes");
        var ringwire = Parse(payload).GetProperty("ringwire");
        var kept = ringwire.GetProperty("callerName").GetString()!;
        Assert.NotEmpty(kept);
        AssertLongestWholeTextElementPrefix(name, kept, PushPayloads.MaxVoipBytes, n => PushPayloads.Voip(call with { CallerName = n }, SentAt, ConnectUrl, int.MaxValue));
        Assert.Equal(call.CallId.ToString(), ringwire.GetProperty("callId").GetString());
        Assert.Equal(ConnectUrl, ringwire.GetProperty("connect").GetString());
    }

    [Theory]
    [InlineData(Family)]
    [InlineData(DecomposedE)]
    [InlineData("a😀")]
    [InlineData("Zoë ")]
    public void Voip_AtEveryLimitNearTheName_CutsOnlyBetweenTextElements(string piece)
    {
        var name = string.Concat(Enumerable.Repeat(piece, 12));
        var call = Ringing().WithCallerName(name).Build();
        byte[] Unbounded(string n) => PushPayloads.Voip(call with { CallerName = n }, SentAt, ConnectUrl, int.MaxValue);

        // Every limit from "only an empty name fits" to "all but the last byte of the name fits".
        for (var maxBytes = Unbounded(string.Empty).Length; maxBytes < Unbounded(name).Length; maxBytes++)
        {
            var payload = PushPayloads.Voip(call, SentAt, ConnectUrl, maxBytes);

            Assert.True(payload.Length <= maxBytes, $"{payload.Length} bytes for a limit of {maxBytes}");
            var kept = Parse(payload).GetProperty("ringwire").GetProperty("callerName").GetString()!;
            AssertLongestWholeTextElementPrefix(name, kept, maxBytes, Unbounded);
        }
    }

    [Fact]
    public void Voip_WhenEvenAnEmptyNameDoesNotFit_Throws()
    {
        var call = Ringing().WithCallerName("Alice").Build();

        Assert.Throws<InvalidOperationException>(() => PushPayloads.Voip(call, SentAt, ConnectUrl, maxBytes: 100));
    }

    [Theory]
    [InlineData("José Ñúñez")]
    [InlineData("Жанна Петрова")]
    [InlineData("李小龍")]
    [InlineData("Ζωή")]
    [InlineData("Ren" + DecomposedE)]
    public void Voip_WithNonAsciiName_WritesItAsUtf8Unescaped(string name)
    {
        var payload = PushPayloads.Voip(Ringing().WithCallerName(name).Build(), SentAt, ConnectUrl);

        AssertWrittenUnescaped(payload, name);
    }

    [Fact]
    public void Voip_WithQuotesAndBackslashesInName_StaysValidJson()
    {
        const string name = "Al \"The Pal\" \\o/ <b>&</b>";

        var payload = PushPayloads.Voip(Ringing().WithCallerName(name).Build(), SentAt, ConnectUrl);

        Assert.Equal(name, Parse(payload).GetProperty("ringwire").GetProperty("callerName").GetString());
    }

    [Fact]
    public void MissedCallAlert_WithCallerName_HasTheContractShape()
    {
        var payload = PushPayloads.MissedCallAlert(Ringing().WithCallerName("Alice").Build());

        Assert.Equal(
            """{"aps":{"alert":{"title":"Missed call","body":"Alice"},"sound":"default"},"ringwire":{"v":1,"callId":"6f1c2a9e-4b7d-4e0a-9d3c-2f8b5a1e7c40","event":"missed"}}""",
            Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void MissedCallAlert_WithoutCallerName_FallsBackToFrom()
    {
        var payload = PushPayloads.MissedCallAlert(Ringing().WithCallerName(null).Build());

        var alert = Parse(payload).GetProperty("aps").GetProperty("alert");
        Assert.Equal("Missed call", alert.GetProperty("title").GetString());
        Assert.Equal(Caller, alert.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("Bob ")]
    [InlineData(Family)]
    [InlineData(DecomposedE)]
    public void MissedCallAlert_WithHugeCallerName_FitsAlertLimitAndCutsTheName(string piece)
    {
        var name = string.Concat(Enumerable.Repeat(piece, 6000 / piece.Length));
        var call = Ringing().WithCallerName(name).Build();

        var payload = PushPayloads.MissedCallAlert(call);

        Assert.True(payload.Length <= PushPayloads.MaxAlertBytes, $"{payload.Length} bytes");
        var json = Parse(payload);
        var body = json.GetProperty("aps").GetProperty("alert").GetProperty("body").GetString()!;
        Assert.NotEmpty(body);
        AssertLongestWholeTextElementPrefix(name, body, PushPayloads.MaxAlertBytes, n => PushPayloads.MissedCallAlert(call with { CallerName = n }, int.MaxValue));
        Assert.Equal("missed", json.GetProperty("ringwire").GetProperty("event").GetString());
    }

    [Theory]
    [InlineData("José Ñúñez")]
    [InlineData("Жанна Петрова")]
    [InlineData("李小龍")]
    public void MissedCallAlert_WithNonAsciiName_WritesItAsUtf8Unescaped(string name)
    {
        var payload = PushPayloads.MissedCallAlert(Ringing().WithCallerName(name).Build());

        AssertWrittenUnescaped(payload, name);
    }

    private static JsonElement Parse(byte[] payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.Clone();
    }

    /// <summary>
    /// <paramref name="kept"/> is made of the first whole text elements of <paramref name="name"/> (no surrogate pair,
    /// emoji sequence or accented letter split), and one more element would not have fit in <paramref name="maxBytes"/>.
    /// </summary>
    private static void AssertLongestWholeTextElementPrefix(string name, string kept, int maxBytes, Func<string, byte[]> unbounded)
    {
        Assert.StartsWith(kept, name, StringComparison.Ordinal);
        var nameElements = TextElements(name);
        var keptElements = TextElements(kept);
        Assert.Equal(nameElements.Take(keptElements.Count), keptElements);
        Assert.True(keptElements.Count < nameElements.Count, "the name was not cut");
        var oneMore = unbounded(kept + nameElements[keptElements.Count]);
        Assert.True(oneMore.Length > maxBytes, $"{keptElements.Count} elements kept, but {keptElements.Count + 1} fit in {maxBytes} bytes");
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }

    private static void AssertWrittenUnescaped(byte[] payload, string name)
    {
        Assert.True(payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) >= 0, "the name's UTF-8 bytes are not in the payload");
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }
}
