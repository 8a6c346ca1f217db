using Microsoft.Data.Sqlite;

namespace Ringwire.Storage.Sqlite;

/// <summary>A connection that holds this process's write turn until disposed; see <see cref="SqliteDatabase.OpenWriterAsync"/>.</summary>
public sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn;

    internal SqliteWriter(SqliteConnection connection, SemaphoreSlim turn)
    {
        Connection = connection;
        _turn = turn;
    }

    public SqliteConnection Connection { get; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.DisposeAsync();
        }
        finally
        {
            _turn.Release();
        }
    }
}
