using System.Text;

namespace Ringwire.Core;

public static class CallRequestValidation
{
    public const int MaxCallerNameLength = 64;
    public const int MaxCallerHandleLength = 256;
    public const int MaxMetadataBytes = 1024;

    public static void Validate(CallRequest request, RingingRules rules, ValidationErrors errors)
    {
        errors.RequireIdentifier("to", request.To);
        errors.RequireIdentifier("from", request.From);
        if (request.To == request.From)
        {
            errors.Add("to", "A user cannot call themselves.");
        }

        errors.MaxLength("callerName", request.CallerName, MaxCallerNameLength);
        errors.MaxLength("callerHandle", request.CallerHandle, MaxCallerHandleLength);
        if (request.RingSeconds is { } seconds && (seconds < RingingRules.MinRingSeconds || seconds > rules.MaxRingSeconds))
        {
            errors.Add("ringSeconds", $"Must be between {RingingRules.MinRingSeconds} and {rules.MaxRingSeconds}.");
        }

        if (Encoding.UTF8.GetByteCount(request.Metadata) > MaxMetadataBytes)
        {
            errors.Add("metadata", $"Must be at most {MaxMetadataBytes} bytes of JSON.");
        }
    }
}
