using System.Text;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>Apple's checks on :method, :path and headers (A1, A2), each on its own.</summary>
public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/3/devices/abc")]
    [InlineData("/3/device")]
    [InlineData("/4/broadcasts/apps/com.example.app")]
    public async Task Send_ToAnotherPath_Is404BadPath(string path)
    {
        await using var bed = await ApnsTestBed.StartAsync();

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()) { Path = path });

        Assert.Equal((404, ApnsReasons.BadPath), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Send_WithAnotherMethod_Is405MethodNotAllowed(string method)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Method = method });

        Assert.Equal((405, ApnsReasons.MethodNotAllowed), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("123e4567e89b12d3a456426614174000")]
    [InlineData("{123e4567-e89b-12d3-a456-426614174000}")]
    [InlineData("123e4567-e89b-12d3-a456-42661417400")]
    public async Task Send_WithMalformedApnsId_Is400BadMessageId(string apnsId)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { ApnsId = apnsId });

        Assert.Equal((400, ApnsReasons.BadMessageId), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_WithUpperCaseApnsId_IsAcceptedAndEchoed()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        const string apnsId = "123E4567-E89B-12D3-A456-426614174000";

        var reply = await bed.SendAsync(new TestPush(device.Token) { ApnsId = apnsId });

        Assert.Equal(200, reply.Status);
        Assert.Equal(apnsId, reply.ApnsId);
    }

    [Fact]
    public async Task Send_WithoutTopic_Is400MissingTopic()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Topic = null });

        Assert.Equal((400, ApnsReasons.MissingTopic), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData(64, 'a', 200)]
    [InlineData(65, 'a', 400)]
    [InlineData(32, 'é', 200)] // 64 bytes of UTF-8
    [InlineData(33, 'é', 400)] // 33 characters, but 66 bytes: the limit counts bytes
    public async Task Send_CollapseIdOver64Bytes_Is400BadCollapseId(int length, char character, int status)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var collapseId = new string(character, length);
        Assert.Equal(length * (character == 'a' ? 1 : 2), Encoding.UTF8.GetByteCount(collapseId));

        var reply = await bed.SendAsync(new TestPush(device.Token) { CollapseId = collapseId });

        Assert.Equal(status, reply.Status);
        Assert.Equal(status == 400 ? ApnsReasons.BadCollapseId : null, reply.Reason);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("high")]
    [InlineData("")]
    public async Task Send_WithPriorityOtherThan10Or5Or1_Is400BadPriority(string priority)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Priority = priority });

        Assert.Equal((400, ApnsReasons.BadPriority), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("5")]
    [InlineData("1")]
    public async Task Send_WithPriority10Or5Or1_IsAccepted(string priority)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Priority = priority });

        Assert.Equal(200, reply.Status);
        Assert.True(device.Inbox.TryRead(out var notification));
        Assert.Equal(int.Parse(priority), notification.Priority);
    }

    [Theory]
    [InlineData("VOIP")]
    [InlineData("call")]
    [InlineData("")]
    public async Task Send_WithUnknownPushType_Is400InvalidPushType(string pushType)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { PushType = pushType });

        Assert.Equal((400, ApnsReasons.InvalidPushType), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData("alert")]
    [InlineData("background")]
    [InlineData("complication")]
    [InlineData("controls")]
    [InlineData("fileprovider")]
    [InlineData("liveactivity")]
    [InlineData("location")]
    [InlineData("mdm")]
    [InlineData("pushtotalk")]
    [InlineData("widgets")]
    public async Task Send_WithEveryKnownPushType_PassesThePushTypeCheck(string pushType)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice(ApnsTestBed.BundleId);

        var reply = await bed.SendAsync(new TestPush(device.Token) { PushType = pushType, Topic = ApnsTestBed.BundleId });

        Assert.Equal(200, reply.Status);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public async Task Send_WithExpirationNotANonNegativeInteger_Is400BadExpirationDate(string expiration)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token) { Expiration = expiration });

        Assert.Equal((400, ApnsReasons.BadExpirationDate), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_WithEmptyToken_Is400MissingDeviceToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();

        var reply = await bed.SendAsync(new TestPush("") { Path = "/3/device/" });

        Assert.Equal((400, ApnsReasons.MissingDeviceToken), (reply.Status, reply.Reason));
    }

    [Theory]
    [InlineData(62, 'a')] // too short
    [InlineData(65, 'a')] // odd: not whole bytes
    [InlineData(202, 'a')] // past the bound
    [InlineData(64, 'g')] // not hex
    public async Task Send_WithMalformedToken_Is400BadDeviceToken(int length, char digit)
    {
        await using var bed = await ApnsTestBed.StartAsync();

        var reply = await bed.SendAsync(new TestPush(new string(digit, length)));

        Assert.Equal((400, ApnsReasons.BadDeviceToken), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_WithLongTokenOrOtherCase_ReachesTheDevice()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var longToken = Convert.ToHexStringLower(new byte[100]).Replace('0', 'b');
        var longDevice = bed.Simulator.AddDevice(longToken, ApnsTestBed.VoipTopic, Core.ApnsEnvironment.Sandbox);
        var device = bed.AddDevice();

        Assert.Equal(200, (await bed.SendAsync(new TestPush(longToken))).Status);
        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token.ToUpperInvariant()))).Status);

        Assert.True(longDevice.Inbox.TryRead(out _));
        Assert.True(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Send_WithARepeatedHeader_Is400DuplicateHeaders()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var caFile = Path.Combine(Path.GetTempPath(), $"ringwire-lab-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, bed.Simulator.CertificateAuthorityPem);
        try
        {
            // HttpClient folds repeated headers into one, so node's http2 sends this request.
            var result = await NodeScripts.RunAsync(
                "raw-request.js",
                new
                {
                    host = "127.0.0.1",
                    port = bed.Simulator.Endpoint.Port,
                    caFile,
                    path = $"/3/device/{device.Token}",
                    headers = new Dictionary<string, object>
                    {
                        ["authorization"] = $"bearer {bed.Jwt}",
                        ["apns-push-type"] = "voip",
                        ["apns-topic"] = new[] { ApnsTestBed.VoipTopic, ApnsTestBed.VoipTopic },
                    },
                    body = """{"aps":{}}""",
                },
                needsNodeApn: false);

            Assert.Equal(400, result.GetProperty("status").GetInt32());
            Assert.Equal($$"""{"reason":"{{ApnsReasons.DuplicateHeaders}}"}""", result.GetProperty("body").GetString());
            Assert.False(device.Inbox.TryRead(out _));
        }
        finally
        {
            File.Delete(caFile);
        }
    }
}
