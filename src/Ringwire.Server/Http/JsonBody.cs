using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ringwire.Server.Http;

/// <summary>
/// Reads a JSON request body, turning every way it can be wrong into the contract's error (400 with the field, or 413)
/// instead of an exception.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 64 * 1024;

    public static async ValueTask<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, bool optional = false)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.PayloadTooLarge());
        }

        try
        {
            if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
            {
                return optional ? (null, null) : (null, Problems.Invalid("$", "A JSON body is required."));
            }

            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Problems.Invalid("$", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            return (null, Problems.Invalid(field, "Not valid JSON, or a value of the wrong type."));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge());
        }
    }
}
