using System.Net;

namespace Ringwire.Lab.Tests;

/// <summary>
/// One provider request, valid by default (a VoIP push to <see cref="Token"/> with the bed's provider token); each test
/// changes what it is about. Null leaves a header out.
/// </summary>
internal sealed record TestPush(string Token)
{
    public string Method { get; init; } = "POST";

    /// <summary>Null: /3/device/{Token}.</summary>
    public string? Path { get; init; }

    public string? Topic { get; init; } = ApnsTestBed.VoipTopic;

    public string? PushType { get; init; } = "voip";

    public string? ApnsId { get; init; }

    public string? Priority { get; init; }

    public string? Expiration { get; init; }

    public string? CollapseId { get; init; }

    /// <summary>Null: "bearer " and the bed's token.</summary>
    public string? Authorization { get; init; }

    /// <summary>No authorization header at all.</summary>
    public bool Anonymous { get; init; }

    public byte[] Body { get; init; } = """{"aps":{},"callId":"c1"}"""u8.ToArray();

    public HttpRequestMessage ToRequest(Uri endpoint, string jwt)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(endpoint, Path ?? $"/3/device/{Token}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        Add(request, "apns-topic", Topic);
        Add(request, "apns-push-type", PushType);
        Add(request, "apns-id", ApnsId);
        Add(request, "apns-priority", Priority);
        Add(request, "apns-expiration", Expiration);
        Add(request, "apns-collapse-id", CollapseId);
        Add(request, "authorization", Anonymous ? null : Authorization ?? $"bearer {jwt}");
        if (Method != "GET")
        {
            request.Content = new ByteArrayContent(Body);
        }

        return request;
    }

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
