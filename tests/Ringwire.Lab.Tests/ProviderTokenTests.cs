using System.Security.Cryptography;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>Token-based authentication (A3): the bearer token itself.</summary>
public sealed class ProviderTokenTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("bearer")]
    public async Task Send_WithoutBearerToken_Is403MissingProviderToken(string? authorization)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Anonymous = authorization is null, Authorization = authorization });

        Assert.Equal((403, ApnsReasons.MissingProviderToken), (reply.Status, reply.Reason));
    }

    public static TheoryData<string, string> InvalidTokens => new()
    {
        { "not a JWT", "bearer abc" },
        { "two parts", "bearer eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0" },
        { "alg HS256", "HS256" },
        { "alg ES384", "ES384" },
        { "alg none", "none" },
        { "unknown kid", "unknown-kid" },
        { "iss of another team", "other-team" },
        { "no iat", "no-iat" },
        { "iat as a string", "string-iat" },
        { "signed by another key", "other-key" },
        { "signature in DER form", "der" },
        { "claims changed after signing", "tampered" },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task Send_WithTokenThatDoesNotVerify_Is403InvalidProviderToken(string why, string kind)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var iat = bed.Time.GetUtcNow().ToUnixTimeSeconds();
        var header = $$"""{"alg":"ES256","kid":"{{ApnsTestBed.KeyId}}"}""";
        var claims = $$"""{"iss":"{{ApnsTestBed.TeamId}}","iat":{{iat}}}""";
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorization = kind switch
        {
            _ when kind.StartsWith("bearer", StringComparison.Ordinal) => kind,
            "HS256" or "ES384" or "none" => Bearer(ProviderTokens.Sign(bed.Key, $$"""{"alg":"{{kind}}","kid":"{{ApnsTestBed.KeyId}}"}""", claims)),
            "unknown-kid" => Bearer(ProviderTokens.Sign(bed.Key, """{"alg":"ES256","kid":"NOSUCHKEY1"}""", claims)),
            "other-team" => Bearer(ProviderTokens.Sign(bed.Key, header, $$"""{"iss":"TEAM999999","iat":{{iat}}}""")),
            "no-iat" => Bearer(ProviderTokens.Sign(bed.Key, header, $$"""{"iss":"{{ApnsTestBed.TeamId}}"}""")),
            "string-iat" => Bearer(ProviderTokens.Sign(bed.Key, header, $$"""{"iss":"{{ApnsTestBed.TeamId}}","iat":"{{iat}}"}""")),
            "other-key" => Bearer(ProviderTokens.Sign(otherKey, header, claims)),
            "der" => Bearer(DerSigned(bed.Key, ProviderTokens.Sign(bed.Key, header, claims))),
            "tampered" => Bearer(Tampered(ProviderTokens.Sign(bed.Key, header, claims), ProviderTokens.Sign(bed.Key, header, $$"""{"iss":"{{ApnsTestBed.TeamId}}","iat":{{iat + 1}}}"""))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), why),
        };

        var reply = await bed.SendAsync(new TestPush(device.Token) { Authorization = authorization });

        Assert.Equal((403, ApnsReasons.InvalidProviderToken), (reply.Status, reply.Reason));
        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Send_WithPaddedStandardBase64Token_IsAccepted()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        // dotAPNS's flavour (reference §5.4); retried until it really differs from Base64URL ('+' or '/', and '=').
        string jwt;
        do
        {
            jwt = ProviderTokens.Sign(
                bed.Key,
                $$"""{"alg":"ES256","kid":"{{ApnsTestBed.KeyId}}"}""",
                $$"""{"iss":"{{ApnsTestBed.TeamId}}","iat":{{bed.Time.GetUtcNow().ToUnixTimeSeconds()}}}""",
                paddedStandardBase64: true);
        }
        while (jwt.IndexOfAny(['+', '/']) < 0 || !jwt.Contains('=', StringComparison.Ordinal));

        var reply = await bed.SendAsync(new TestPush(device.Token) { Authorization = Bearer(jwt) });

        Assert.Equal(200, reply.Status);
    }

    [Theory]
    [InlineData(-59, 200, null)]
    [InlineData(-61, 403, ApnsReasons.ExpiredProviderToken)]
    [InlineData(59, 200, null)]
    [InlineData(61, 403, ApnsReasons.InvalidProviderToken)]
    public async Task Send_WithTokenIssuedMoreThanAnHourFromNow_IsRefused(int minutes, int status, string? reason)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var jwt = bed.Mint(bed.Time.GetUtcNow().AddMinutes(minutes));

        var reply = await bed.SendAsync(new TestPush(device.Token) { Authorization = Bearer(jwt) });

        Assert.Equal((status, reason), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_SameTokenAfterAnHour_Is403ExpiredProviderToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);

        bed.Time.Advance(TimeSpan.FromMinutes(61));
        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal((403, ApnsReasons.ExpiredProviderToken), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_KeyAddedLater_VerifiesTokensOfThatKey()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        using var secondKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwt = bed.Mint(key: secondKey, keyId: "KEY0000002");
        var client = bed.NewClient();

        var before = await bed.SendAsync(new TestPush(device.Token) { Authorization = Bearer(jwt) }, client);
        bed.Simulator.AddKey("KEY0000002", ApnsTestBed.TeamId, secondKey);
        var after = await bed.SendAsync(new TestPush(device.Token) { Authorization = Bearer(jwt) }, client);

        Assert.Equal(ApnsReasons.InvalidProviderToken, before.Reason);
        Assert.Equal(200, after.Status);
    }

    private static string Bearer(string jwt) => $"bearer {jwt}";

    private static string DerSigned(ECDsa key, string jwt)
    {
        var signed = jwt[..jwt.LastIndexOf('.')];
        var der = key.SignData(System.Text.Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return signed + "." + System.Buffers.Text.Base64Url.EncodeToString(der);
    }

    /// <summary>The header and claims of <paramref name="claimsFrom"/> with the signature of <paramref name="signatureFrom"/>.</summary>
    private static string Tampered(string signatureFrom, string claimsFrom) =>
        claimsFrom[..claimsFrom.LastIndexOf('.')] + signatureFrom[signatureFrom.LastIndexOf('.')..];
}
