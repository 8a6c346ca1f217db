namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>A test of nodes sharing one database: PostgreSQL only, skipped (and counted as skipped) on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStorage.IsPostgres)
        {
            Skip = "Several nodes share a database only on PostgreSQL: run with RINGWIRE_TEST_STORAGE=postgres (scripts/test.sh does).";
        }
    }
}
