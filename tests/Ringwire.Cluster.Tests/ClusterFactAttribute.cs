namespace Ringwire.Cluster.Tests;

/// <summary>A test that starts several server processes on one PostgreSQL: skipped, saying why, when there is none.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable)))
        {
            Skip = $"{PostgresTestDatabase.Variable} is not set: these tests start several server processes on one PostgreSQL. "
                + "Run ./scripts/test.sh, which starts a throwaway PostgreSQL, or set it to an admin connection string.";
        }
    }
}
