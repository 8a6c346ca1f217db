using Ringwire.Core;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.OpenApi;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

/// <summary>The user's own ringing rules: do not disturb and blocks.</summary>
internal static class MeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").RequireCredential(CredentialPolicy.User).WithTags("Me");
        me.MapPut("/dnd", SetDndAsync)
            .WithName("SetDnd").WithSummary("Set do not disturb until a time, or clear it (null)")
            .WithJsonBody<DndRequest>()
            .Produces<DndView>().ProducesProblems(400, 413);
        me.MapGet("/dnd", GetDndAsync)
            .WithName("GetDnd").WithSummary("Read do not disturb (null once passed)")
            .Produces<DndView>();
        me.MapGet("/blocks", ListBlocksAsync)
            .WithName("ListBlocks").WithSummary("List the users this user blocked")
            .Produces<BlockList>();
        me.MapPut("/blocks/{userId}", BlockAsync)
            .WithName("Block").WithSummary("Block a user: their calls end unreachable, never revealing the block")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400);
        me.MapDelete("/blocks/{userId}", UnblockAsync)
            .WithName("Unblock").WithSummary("Unblock a user")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(404);
    }

    private static async Task<IResult> SetDndAsync(HttpContext context, IUserStore users)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, RestJson.Default.DndRequest);
        if (error is not null)
        {
            return error;
        }

        await users.SetDndAsync(context.Credential().UserId!, body!.Until, context.RequestAborted);
        return Results.Json(new DndView(body.Until), RestJson.Default.DndView);
    }

    private static async Task<IResult> GetDndAsync(HttpContext context, IUserStore users, TimeProvider time)
    {
        var until = await users.GetDndAsync(context.Credential().UserId!, context.RequestAborted);
        return Results.Json(new DndView(until > time.GetUtcNow() ? until : null), RestJson.Default.DndView);
    }

    private static async Task<IResult> ListBlocksAsync(HttpContext context, IUserStore users) =>
        Results.Json(new BlockList(await users.ListBlocksAsync(context.Credential().UserId!, context.RequestAborted)), RestJson.Default.BlockList);

    private static async Task<IResult> BlockAsync(string userId, HttpContext context, IUserStore users, TimeProvider time)
    {
        var self = context.Credential().UserId!;
        if (!Identifier.IsValid(userId) || userId == self)
        {
            return Problems.Invalid("userId", userId == self ? "You cannot block yourself." : Identifier.Requirement);
        }

        await users.BlockAsync(self, userId, time.GetUtcNow(), context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> UnblockAsync(string userId, HttpContext context, IUserStore users) =>
        Identifier.IsValid(userId) && await users.UnblockAsync(context.Credential().UserId!, userId, context.RequestAborted)
            ? Results.NoContent()
            : Problems.NotFound("That user is not blocked.");
}
