using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>An HTTP answer read in full: status, headers, body text and, when it is JSON, the parsed body.</summary>
public sealed class ApiResponse
{
    private ApiResponse(HttpStatusCode status, string? contentType, HttpResponseHeaders headers, string text, JsonNode? json)
    {
        Status = status;
        ContentType = contentType;
        Headers = headers;
        Text = text;
        Json = json;
    }

    public HttpStatusCode Status { get; }

    public string? ContentType { get; }

    public HttpResponseHeaders Headers { get; }

    public string Text { get; }

    public JsonNode? Json { get; }

    /// <summary>The JSON body; fails the test when there is none.</summary>
    public JsonNode Body => Json ?? throw new Xunit.Sdk.XunitException($"Expected a JSON body, got {(int)Status}: '{Text}'");

    public string? Code => Json.Str("code");

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
            JsonNode? json = null;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    json = null;
                }
            }

            return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, text, json);
        }
    }

    /// <summary>Asserts a success status and returns the JSON body.</summary>
    public JsonNode Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Text}");
        return Body;
    }

    /// <summary>Asserts the contract's error shape: the status, problem+json and the stable code (contract §3).</summary>
    public JsonNode ExpectProblem(HttpStatusCode status, string code)
    {
        Assert.True(Status == status, $"Expected {(int)status} {code}, got {(int)Status}: {Text}");
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(code, Code);
        Assert.Equal((int)status, Body.Long("status"));
        return Body;
    }

    /// <summary>Asserts 400 invalid_request whose <c>errors</c> name <paramref name="field"/>.</summary>
    public JsonNode ExpectInvalid(string field)
    {
        var body = ExpectProblem(HttpStatusCode.BadRequest, "invalid_request");
        var errors = body.Obj("errors");
        Assert.True(errors.ContainsKey(field), $"Expected errors to name '{field}': {Text}");
        Assert.NotEmpty(errors.Array(field));
        return body;
    }

    public override string ToString() => $"{(int)Status} {ContentType} {Text}";
}
