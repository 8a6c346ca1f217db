using Ringwire.Lab.Apns;
using Ringwire.Lab.Scenarios;
using Ringwire.Server.Auth;

namespace Ringwire.Server.VirtualPhones;

/// <summary>
/// The world a virtual iPhone lives in when the server itself runs it: the server's clock, the server at its own
/// listening address, the built-in APNs simulator the server pushes to, and user tokens minted by the server's own key.
/// </summary>
internal sealed class ServerPhoneWorld : IPhoneWorld, IDisposable
{
    // Lab phones live as long as the server: a token as long-lived as the API allows (contract §2: at most 30 days).
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(Endpoints.TokenEndpoints.MaxTtlSeconds);

    private readonly UserTokens _tokens;

    public ServerPhoneWorld(TimeProvider clock, Uri serverAddress, ApnsSimulator apns, string bundleId, UserTokens tokens)
    {
        Clock = clock;
        ServerAddress = serverAddress;
        Apns = apns;
        BundleId = bundleId;
        _tokens = tokens;
        Users = new HttpClient { BaseAddress = serverAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TimeProvider Clock { get; }

    public Uri ServerAddress { get; }

    public ApnsSimulator Apns { get; }

    public string BundleId { get; }

    public HttpClient Users { get; }

    public Task<string> TokenAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_tokens.Mint(userId, TokenLifetime).Token);

    public void Dispose() => Users.Dispose();
}
