using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwire.Cli.Json;

/// <summary>The few REST bodies the command line sends and reads, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenReply))]
[JsonSerializable(typeof(ProblemReply))]
internal sealed partial class CliJson : JsonSerializerContext;
