namespace Ringwire.Cli;

/// <summary>A Ringwire server's base URL as given on the command line: absolute http(s), kept with a trailing '/'.</summary>
internal static class ServerUrl
{
    /// <summary>Where a server started by <c>dotnet run --project src/Ringwire.Server</c> listens (its launch profile).</summary>
    public const string Default = "http://127.0.0.1:5000";

    public static Uri? Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.Query.Length > 0
            || url.Fragment.Length > 0)
        {
            return null;
        }

        // A trailing slash makes "v1/tokens" resolve under any path prefix (a server behind a proxy at /ringwire/).
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
