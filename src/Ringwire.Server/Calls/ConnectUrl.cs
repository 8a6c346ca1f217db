using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Ringwire.Server.Options;

namespace Ringwire.Server.Calls;

/// <summary>
/// The device-channel URL that goes into pushes: <c>Ringwire:PublicUrl</c>, or the first address the server listens
/// on, with a WebSocket scheme and <c>/v1/connect</c>.
/// </summary>
public sealed class ConnectUrl(IOptions<RingwireOptions> options, IServer server)
{
    private string? _value;

    public string Value => _value ??= Build();

    private string Build()
    {
        var baseUrl = options.Value.PublicUrl
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? "http://localhost:5000";
        var uri = new UriBuilder(baseUrl);
        uri.Scheme = uri.Scheme switch
        {
            "https" or "wss" => "wss",
            _ => "ws",
        };
        uri.Path = uri.Path.TrimEnd('/') + "/v1/connect";
        return uri.Uri.ToString();
    }
}
