using Npgsql;
using OrleansBackend.Baseline.Security;

namespace OrleansBackend.Baseline.Data;

/// <summary>Users in PostgreSQL: e-mail unique (trimmed, lower-cased), password as a PBKDF2 hash.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    /// <summary>The new user, or null when the e-mail is taken.</summary>
    public async Task<UserBody?> RegisterAsync(string email, string password, string? displayName, CancellationToken cancellationToken)
    {
        var user = new UserBody("usr_" + Ids.New(), email.Trim(), displayName, DateTimeOffset.UtcNow);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO users (id, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING");
        command.Parameters.Add(new() { Value = user.Id });
        command.Parameters.Add(new() { Value = Normalize(email) });
        command.Parameters.Add(new() { Value = (object?)displayName ?? DBNull.Value });
        command.Parameters.Add(new() { Value = PasswordHasher.Hash(password) });
        command.Parameters.Add(new() { Value = user.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? user : null;
    }

    /// <summary>The user id when the password is right, else null (the same for an unknown e-mail).</summary>
    public async Task<string?> VerifyAsync(string email, string password, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, password_hash FROM users WHERE email = $1");
        command.Parameters.Add(new() { Value = Normalize(email) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return PasswordHasher.Verify(password, reader.GetString(1)) ? reader.GetString(0) : null;
    }

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
