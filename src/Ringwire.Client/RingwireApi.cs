using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ringwire.Client.Json;

namespace Ringwire.Client;

/// <summary>
/// The device's REST side: the requests it sends to the server, with the user's token, and the token itself, from
/// which the user id is learnt when the app did not give it.
/// </summary>
internal sealed class RingwireApi : IDisposable
{
    private readonly RingwireDeviceOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Action<string> _userLearned;

    /// <summary>An API for the server and device <paramref name="options"/> name.</summary>
    /// <param name="options">The server, the device, and the user's token.</param>
    /// <param name="http">For REST requests; a new one (owned, and disposed with this) when null.</param>
    /// <param name="userLearned">Told the token's subject when <see cref="RingwireDeviceOptions.UserId"/> is not set.</param>
    public RingwireApi(RingwireDeviceOptions options, HttpClient? http, Action<string> userLearned)
    {
        _options = options;
        _http = http ?? new HttpClient();
        _ownsHttp = http is null;
        _userLearned = userLearned;
    }

    /// <summary><c>PUT /v1/devices/{deviceId}</c>.</summary>
    public async Task RegisterAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        var body = new RegisterDeviceBody(registration.Platform, registration.VoipToken, registration.AlertToken,
            registration.ApnsEnvironment, registration.BundleId, registration.Name);
        using var request = new HttpRequestMessage(HttpMethod.Put, Endpoint($"v1/devices/{Uri.EscapeDataString(_options.DeviceId)}"))
        {
            Content = JsonContent.Create(body, RestJson.Default.RegisterDeviceBody),
        };
        using var response = await SendAsync(request, cancellationToken);
    }

    /// <summary><c>POST /v1/calls</c>: the call as the server created it.</summary>
    public async Task<CallSnapshot> PlaceCallAsync(string to, PlaceCallOptions options, CancellationToken cancellationToken)
    {
        var body = new PlaceCallBody(to, options.CallerName, options.CallerHandle, options.HandleType, options.Video, options.RingSeconds);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint("v1/calls"))
        {
            Content = JsonContent.Create(body, RestJson.Default.PlaceCallBody),
        };
        using var response = await SendAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync(RestJson.Default.CallSnapshot, cancellationToken)
            ?? throw new RingwireApiException(response.StatusCode, null, "The server sent no call.");
    }

    /// <summary>The user's token, for REST requests and the device channel.</summary>
    public async ValueTask<string> TokenAsync(CancellationToken cancellationToken)
    {
        var token = await _options.UserToken(cancellationToken);
        if (_options.UserId is null && Subject(token) is { } subject)
        {
            _userLearned(subject);
        }

        return token;
    }

    /// <summary>Disposes the HTTP client if this API created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    // The token's sub is the user id (contract §2); read without checking the signature, only to tell callee from caller.
    private static string? Subject(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var base64 = parts[1].Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            return document.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private Uri Endpoint(string relative)
    {
        var baseUri = _options.Server.AbsoluteUri.EndsWith('/') ? _options.Server : new Uri(_options.Server.AbsoluteUri + "/");
        return new Uri(baseUri, relative);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            ProblemBody? problem = null;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                problem = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(text), RestJson.Default.ProblemBody);
            }
            catch (JsonException)
            {
            }

            throw new RingwireApiException(response.StatusCode, problem?.Code, problem?.Detail ?? problem?.Title ?? text);
        }
    }
}
