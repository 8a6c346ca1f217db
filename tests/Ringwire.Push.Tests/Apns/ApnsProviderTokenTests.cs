using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

public sealed class ApnsProviderTokenTests
{
    private readonly ManualClock _clock = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private ApnsProviderToken Token(int lifetimeMinutes = 50) =>
        new("KEYID12345", "TEAMID1234", _key, _clock, TimeSpan.FromMinutes(lifetimeMinutes));

    [Fact]
    public void Current_IsAnEs256JwtWithKidIssAndIat_SignedByTheKey()
    {
        var jwt = Token().Current;

        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.DoesNotContain('=', p));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("KEYID12345", header.RootElement.GetProperty("kid").GetString());
        Assert.Equal("TEAMID1234", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        // A3 sets no exp: APNs judges age by iat alone.
        Assert.Equal(2, claims.RootElement.EnumerateObject().Count());
        Assert.True(_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void Current_IsReusedForItsLifetime_ThenReplaced()
    {
        var token = Token(lifetimeMinutes: 50);
        var first = token.Current;

        _clock.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromMilliseconds(1));
        Assert.Same(first, token.Current);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = token.Current;
        Assert.NotEqual(first, second);
        Assert.Same(second, token.Current);
    }

    [Fact]
    public void Renew_OfTheCurrentToken_MintsOne_OfAnOlderToken_ReturnsTheCurrent()
    {
        var token = Token();
        var first = token.Current;
        _clock.Advance(TimeSpan.FromSeconds(1));

        var renewed = token.Renew(first);
        var again = token.Renew(first);

        Assert.NotEqual(first, renewed);
        Assert.Same(renewed, again);
        Assert.Same(renewed, token.Current);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(51)]
    public void Lifetime_OutsideTwentyToFiftyMinutes_IsRefused(int minutes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Token(minutes));
}
