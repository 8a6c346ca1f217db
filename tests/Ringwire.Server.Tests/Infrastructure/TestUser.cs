namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>A user id and a user token the test host minted for it.</summary>
public sealed record TestUser(string Id, string Token);
