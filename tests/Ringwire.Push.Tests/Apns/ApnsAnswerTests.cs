using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

public sealed class ApnsAnswerTests
{
    [Theory]
    [InlineData(200, null, PushResult.Delivered)]
    [InlineData(410, "Unregistered", PushResult.TokenDead)]
    [InlineData(410, "ExpiredToken", PushResult.TokenDead)]
    [InlineData(400, "BadDeviceToken", PushResult.TokenDead)]
    [InlineData(400, "DeviceTokenNotForTopic", PushResult.TokenDead)]
    [InlineData(429, "TooManyRequests", PushResult.Retryable)]
    [InlineData(500, "InternalServerError", PushResult.Retryable)]
    [InlineData(503, "ServiceUnavailable", PushResult.Retryable)]
    [InlineData(503, "Shutdown", PushResult.Retryable)]
    [InlineData(400, "IdleTimeout", PushResult.Retryable)]
    [InlineData(429, "TooManyProviderTokenUpdates", PushResult.ConfigurationError)]
    [InlineData(403, "InvalidProviderToken", PushResult.ConfigurationError)]
    [InlineData(403, "ExpiredProviderToken", PushResult.ConfigurationError)]
    [InlineData(403, "BadEnvironmentKeyIdInToken", PushResult.ConfigurationError)]
    [InlineData(400, "BadTopic", PushResult.ConfigurationError)]
    [InlineData(400, "TopicDisallowed", PushResult.ConfigurationError)]
    [InlineData(413, "PayloadTooLarge", PushResult.ConfigurationError)]
    [InlineData(404, null, PushResult.ConfigurationError)]
    public void ToOutcome_FollowsApplesTable(int status, string? reason, PushResult expected)
    {
        var outcome = ApnsAnswer.ToOutcome(status, reason, null);

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(status, outcome.Status);
        Assert.Equal(status == 200 ? null : reason ?? $"Status{status}", outcome.Reason);
    }

    [Fact]
    public void ToOutcome_410WithTimestamp_SaysSinceWhenTheTokenIsDead()
    {
        var outcome = ApnsAnswer.ToOutcome(410, "Unregistered", 1_763_760_000_123);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_763_760_000_123), outcome.TokenInvalidSince);
    }

    [Theory]
    [InlineData("""{"reason":"Unregistered","timestamp":1763760000123}""", "Unregistered", 1_763_760_000_123L)]
    [InlineData("""{"timestamp":5,"extra":{"a":[1]},"reason":"BadTopic"}""", "BadTopic", 5L)]
    [InlineData("""{"reason":7}""", null, null)]
    [InlineData("<html>Bad gateway</html>", null, null)]
    [InlineData("", null, null)]
    [InlineData("""{"reason":"BadTopic",""", "BadTopic", null)]
    public void ReadBody_ReadsReasonAndTimestamp_AndSurvivesGarbage(string body, string? reason, long? timestamp) =>
        Assert.Equal((reason, timestamp), ApnsAnswer.ReadBody(System.Text.Encoding.UTF8.GetBytes(body)));
}
