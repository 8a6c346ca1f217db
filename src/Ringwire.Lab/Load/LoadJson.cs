using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwire.Lab.Load;

/// <summary>The JSON report's serializer (camelCase, indented): source-generated, like every JSON in Ringwire.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class LoadJson : JsonSerializerContext;
