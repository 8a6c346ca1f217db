namespace Ringwire.Core.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("7")]
    [InlineData("alice")]
    [InlineData("b-phone")]
    [InlineData("alice@example.com")]
    [InlineData("+15551234567")]
    [InlineData("user_42.v2")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@+-")]
    [InlineData(".")]
    [InlineData("-")]
    public void IsValid_WithAllowedCharacters_ReturnsTrue(string value) => Assert.True(Identifier.IsValid(value));

    [Theory]
    [InlineData(" ")]
    [InlineData("alice bob")]
    [InlineData("alice\t")]
    [InlineData("alice\n")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a:b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a%20b")]
    [InlineData("a,b")]
    [InlineData("a*b")]
    [InlineData("a~b")]
    [InlineData("a=b")]
    [InlineData("\"a\"")]
    [InlineData("josé")]
    [InlineData("Ａlice")]
    [InlineData("٣")]
    [InlineData("a\0")]
    [InlineData("😀")]
    public void IsValid_WithForbiddenCharacter_ReturnsFalse(string value) => Assert.False(Identifier.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void IsValid_WhenNullOrEmpty_ReturnsFalse(string? value) => Assert.False(Identifier.IsValid(value));

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(128)]
    public void IsValid_WithLengthUpTo128_ReturnsTrue(int length) => Assert.True(Identifier.IsValid(new string('a', length)));

    [Theory]
    [InlineData(129)]
    [InlineData(1000)]
    public void IsValid_WithLengthOver128_ReturnsFalse(int length) => Assert.False(Identifier.IsValid(new string('a', length)));

    [Fact]
    public void MaxLength_Is128() => Assert.Equal(128, Identifier.MaxLength);
}
