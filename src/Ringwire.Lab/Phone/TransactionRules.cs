using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>R8: whether callservicesd accepts a CXCallController transaction.</summary>
internal static class TransactionRules
{
    /// <summary>
    /// R8: checked in this order (CXError.h raw values): no provider callservicesd knows → 2; unknown call for
    /// Answer/End/Hold/Unhold → 4; Start with an existing UUID → 5; Start beyond maximumCallGroups → 7. Null: accepted.
    /// </summary>
    /// <param name="provider">The app's newest live provider, if any.</param>
    /// <param name="call">The live call with the transaction's UUID, if any (of whichever app).</param>
    /// <param name="calls">Every live call.</param>
    public static RequestTransactionError? Check(AppInstance app, CallActionKind kind, VirtualCallProvider? provider, PhoneCall? call, IEnumerable<PhoneCall> calls) =>
        provider is null ? RequestTransactionError.UnknownCallProvider
        : kind != CallActionKind.Start && call?.Provider.App != app ? RequestTransactionError.UnknownCallUuid
        : kind == CallActionKind.Start && call is not null ? RequestTransactionError.CallUuidAlreadyExists
        : kind == CallActionKind.Start && calls.Count(c => c.Provider.App == app) + 1 > provider.Configuration.MaximumCallGroups
            ? RequestTransactionError.MaximumCallGroupsReached
        : null;
}
