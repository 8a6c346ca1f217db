using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary><see cref="IUserStore"/>'s contract, for every implementation.</summary>
public abstract class UserStoreTests(StoreFixture fixture)
{
    private IUserStore Users => fixture.Users;

    [Fact]
    public async Task Dnd_SetOverwriteAndClear()
    {
        var bob = Unique("bob");
        Assert.Null(await Users.GetDndAsync(bob, default).WithTimeout());

        await Users.SetDndAsync(bob, At(3600), default).WithTimeout();
        Assert.Equal(At(3600), await Users.GetDndAsync(bob, default).WithTimeout());

        await Users.SetDndAsync(bob, At(60), default).WithTimeout();
        Assert.Equal(At(60), await Users.GetDndAsync(bob, default).WithTimeout());

        await Users.SetDndAsync(bob, null, default).WithTimeout();
        Assert.Null(await Users.GetDndAsync(bob, default).WithTimeout());
        await Users.SetDndAsync(bob, null, default).WithTimeout();
    }

    [Fact]
    public async Task Block_Twice_IsHarmlessAndListIsOrdered()
    {
        var bob = Unique("bob");

        await Users.BlockAsync(bob, "mallory", At(0), default).WithTimeout();
        await Users.BlockAsync(bob, "eve", At(1), default).WithTimeout();
        await Users.BlockAsync(bob, "mallory", At(2), default).WithTimeout();

        Assert.Equal(["eve", "mallory"], await Users.ListBlocksAsync(bob, default).WithTimeout());
        Assert.Empty(await Users.ListBlocksAsync(Unique("nobody"), default).WithTimeout());
    }

    [Fact]
    public async Task Unblock_ReturnsWhetherABlockExisted()
    {
        var bob = Unique("bob");
        await Users.BlockAsync(bob, "eve", At(0), default).WithTimeout();

        Assert.True(await Users.UnblockAsync(bob, "eve", default).WithTimeout());
        Assert.False(await Users.UnblockAsync(bob, "eve", default).WithTimeout());
        Assert.Empty(await Users.ListBlocksAsync(bob, default).WithTimeout());
    }

    [Fact]
    public async Task GetCallPermission_ReportsBlockAndDndOfTheCallee()
    {
        var bob = Unique("bob");
        var eve = Unique("eve");
        var alice = Unique("alice");
        await Users.BlockAsync(bob, eve, At(0), default).WithTimeout();
        await Users.SetDndAsync(bob, At(600), default).WithTimeout();

        Assert.Equal(new CallPermission(true, At(600)), await Users.GetCallPermissionAsync(bob, eve, default).WithTimeout());
        Assert.Equal(new CallPermission(false, At(600)), await Users.GetCallPermissionAsync(bob, alice, default).WithTimeout());
        // A block is one-way, and DND is the callee's.
        Assert.Equal(new CallPermission(false, null), await Users.GetCallPermissionAsync(eve, bob, default).WithTimeout());
    }
}
