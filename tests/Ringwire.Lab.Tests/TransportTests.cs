using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace Ringwire.Lab.Tests;

/// <summary>HTTP/2 over TLS only (A1), with a certificate from the simulator's own CA.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task Http11_IsRefused()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        using var client = LabHttp.Client(bed.Simulator.CertificateAuthority, HttpVersion.Version11);
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(bed.Simulator.Endpoint, $"/3/device/{device.Token}"), content).WithTimeout());

        Assert.Empty(bed.Simulator.Exchanges);
    }

    [Fact]
    public async Task Endpoint_IsHttpsOnLoopbackWithTheChosenPort()
    {
        await using var bed = await ApnsTestBed.StartAsync();

        Assert.Equal("https", bed.Simulator.Endpoint.Scheme);
        Assert.Equal("127.0.0.1", bed.Simulator.Endpoint.Host);
        Assert.NotEqual(0, bed.Simulator.Endpoint.Port);
    }

    [Fact]
    public async Task ServerCertificate_ChainsToTheCa_AndNamesLoopbackAndLocalhost()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                    return LabHttp.Trusts(bed.Simulator.CertificateAuthority, certificate, errors);
                },
            },
        };
        using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await client.GetAsync(new Uri(bed.Simulator.Endpoint, "/")).WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using (presented)
        {
            var names = presented!.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Equal(["127.0.0.1", "::1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
            Assert.Equal(["localhost"], names.EnumerateDnsNames());
            Assert.Equal(bed.Simulator.CertificateAuthority.Subject, presented.Issuer);
        }

        Assert.False(bed.Simulator.CertificateAuthority.HasPrivateKey);
        Assert.Contains("-----BEGIN CERTIFICATE-----", bed.Simulator.CertificateAuthorityPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientTrustingOnlyTheSystemStore_IsRefusedByTls()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(bed.Simulator.Endpoint, "/")).WithTimeout());
    }

    [Fact]
    public async Task MaxConcurrentStreams_IsTheLimitClientsAreGiven()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.MaxConcurrentStreams = 1);
        var device = bed.AddDevice();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => LabHttp.Trusts(bed.Simulator.CertificateAuthority, certificate, errors) },
        });
        async Task<int> SendAsync()
        {
            using var request = new TestPush(device.Token).ToRequest(bed.Simulator.Endpoint, bed.Jwt);
            using var response = await client.SendAsync(request).WithTimeout();
            return (int)response.StatusCode;
        }

        // The first exchange brings the server's SETTINGS; then two at once cannot share one stream.
        Assert.Equal(200, await SendAsync());
        bed.Simulator.Faults.AddedLatency = TimeSpan.FromMilliseconds(300);
        var statuses = await Task.WhenAll(SendAsync(), SendAsync());

        Assert.Equal([200, 200], statuses);
        Assert.Equal(2, bed.Simulator.Exchanges.Select(e => e.ConnectionId).Distinct().Count());
    }

    [Fact]
    public async Task Start_TwoSimulators_GetTwoPorts()
    {
        await using var first = await ApnsTestBed.StartAsync();
        await using var second = await ApnsTestBed.StartAsync();

        Assert.NotEqual(first.Simulator.Endpoint.Port, second.Simulator.Endpoint.Port);
    }
}
