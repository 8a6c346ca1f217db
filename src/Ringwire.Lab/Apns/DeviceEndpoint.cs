using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>Answers every request the way APNs would, records it, and hands accepted pushes to their device.</summary>
internal sealed class DeviceEndpoint(
    ApnsEnvironment environment,
    TimeProvider time,
    ProviderConnections connections,
    ProviderTokenGate gate,
    PushAcceptance acceptance,
    FaultStage faults,
    ExchangeLog log,
    Action<ApnsExchange> recorded)
{
    // Anything past 5120 bytes is refused anyway; the cap keeps a hostile body from filling memory.
    private const int MaxBodyRead = 64 * 1024;

    private long _sequence;

    public async Task HandleAsync(HttpContext context)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var now = time.GetUtcNow();
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var connection = connections.For(context.Connection.Id);
        try
        {
            var body = await ReadBodyAsync(request.Body, context.RequestAborted);
            var (apnsId, apnsIdText) = AnswerIdFor(request.Headers["apns-id"]);

            var (push, device, refusal) = Judge(request, path, connection, body, now);
            var token = PushRequestReading.TokenOf(path);
            var exchange = new ApnsExchange(
                sequence, context.Connection.Id, now, request.Method, path, string.IsNullOrEmpty(token) ? null : token,
                Copy(request.Headers), body, 200, null, null, apnsId, false);

            // Faults only strike requests Apple would have taken.
            var fate = refusal is null ? faults.Decide(exchange, now) : default;
            var answer = refusal ?? fate.Answer ?? ApnsAnswer.Accepted;
            var delivered = false;
            if (answer.IsAccepted && !fate.Reset && device is not null)
            {
                delivered = device.Deliver(new ApnsNotification(
                    apnsId, push!.EffectivePushType, push.Topic, push.Priority, push.ExpiresAt, push.CollapseId, body, now));
            }

            exchange = fate.Reset
                ? exchange with { Status = 0 }
                : exchange with { Status = answer.Status, Reason = answer.Reason, Timestamp = answer.Timestamp, Delivered = delivered };
            log.Record(exchange);
            recorded(exchange);

            if (fate.Latency > TimeSpan.Zero)
            {
                // Real time, not the simulator's clock: latency is the network's, and a test clock with fake timers would
                // hold every answer until the test advanced it.
                await Task.Delay(fate.Latency, context.RequestAborted);
            }

            if (fate.Reset)
            {
                context.Abort();
                return;
            }

            await WriteAsync(context.Response, answer, apnsIdText, context.RequestAborted);
            if (fate.GoAway)
            {
                await context.Response.CompleteAsync();
                connection.RequestClose();
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
        }
    }

    /// <summary>Apple's checks in order: headers and :path, provider token, then topic, device and payload.</summary>
    private (PushRequest? Push, SimulatedDevice? Device, ApnsAnswer? Refusal) Judge(
        HttpRequest request, string path, ProviderConnection connection, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var (push, refusal) = PushRequestReading.Read(request.Method, path, request.Headers);
        if (push is null)
        {
            return (null, null, refusal);
        }

        var (teamId, authRefusal) = gate.Authenticate(connection, request.Headers.Authorization, now);
        if (teamId is null)
        {
            return (push, null, authRefusal);
        }

        var (device, topicRefusal) = acceptance.Check(push, teamId, body);
        return (push, device, topicRefusal);
    }

    /// <summary>A1: the request's apns-id is echoed; without a valid one APNs makes a new one.</summary>
    private static (Guid Id, string Text) AnswerIdFor(string? requested) =>
        requested is not null && Guid.TryParseExact(requested, "D", out var id) ? (id, requested) : NewId();

    private static (Guid Id, string Text) NewId()
    {
        var id = Guid.NewGuid();
        return (id, id.ToString("D"));
    }

    private static FrozenDictionary<string, string> Copy(IHeaderDictionary headers) =>
        headers.ToFrozenDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while (buffer.Length <= MaxBodyRead && (read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private async Task WriteAsync(HttpResponse response, ApnsAnswer answer, string apnsIdText, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.Status;
        response.Headers["apns-id"] = apnsIdText;
        if (answer.IsAccepted)
        {
            // A2: apns-unique-id "only available in the Development environment".
            if (environment == ApnsEnvironment.Sandbox)
            {
                response.Headers["apns-unique-id"] = Guid.NewGuid().ToString("D");
            }

            return;
        }

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("reason", answer.Reason);
            if (answer.Timestamp is { } timestamp)
            {
                // A2: "timestamp" only with 410.
                writer.WriteNumber("timestamp", timestamp);
            }

            writer.WriteEndObject();
        }

        response.ContentType = "application/json";
        response.ContentLength = json.WrittenCount;
        await response.Body.WriteAsync(json.WrittenMemory, cancellationToken);
    }
}
