namespace OrleansBackend.Runtime.Membership.Postgres;

/// <summary>
/// The statements of <see cref="PostgresMembershipTable"/>. Two tables: one version row per (service id, cluster id),
/// and one row per silo with an integer etag. Member rows reference their version row, so deleting a cluster's
/// version row deletes its silos too.
/// </summary>
internal static class PostgresMembershipSql
{
    public const string VersionTable = "orleansbackend_membership_version";
    public const string MembersTable = "orleansbackend_membership";

    // Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog (duplicate pg_type rows); a
    // transaction-scoped advisory lock makes silos that start at once create the schema one at a time.
    public const string CreateSchema = $"""
        SELECT pg_advisory_xact_lock(hashtext('{MembersTable}'));
        CREATE TABLE IF NOT EXISTS {VersionTable} (
            service_id text NOT NULL,
            cluster_id text NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY (service_id, cluster_id));
        CREATE TABLE IF NOT EXISTS {MembersTable} (
            service_id text NOT NULL,
            cluster_id text NOT NULL,
            address text NOT NULL,
            silo_name text NOT NULL,
            status text NOT NULL,
            gateway_port integer NOT NULL,
            management_port integer NOT NULL,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            suspicions jsonb NOT NULL,
            etag bigint NOT NULL,
            PRIMARY KEY (service_id, cluster_id, address),
            FOREIGN KEY (service_id, cluster_id) REFERENCES {VersionTable} (service_id, cluster_id) ON DELETE CASCADE);
        INSERT INTO {VersionTable} (service_id, cluster_id, version) VALUES (@service_id, @cluster_id, 0)
            ON CONFLICT (service_id, cluster_id) DO NOTHING;
        """;

    // A LEFT JOIN from the version row reads the version and every silo in one snapshot.
    public const string ReadAll = $"""
        SELECT v.version, m.address, m.silo_name, m.status, m.gateway_port, m.management_port,
               m.start_time, m.i_am_alive_time, m.suspicions, m.etag
        FROM {VersionTable} v
        LEFT JOIN {MembersTable} m ON m.service_id = v.service_id AND m.cluster_id = v.cluster_id
        WHERE v.service_id = @service_id AND v.cluster_id = @cluster_id
        """;

    /// <summary>Version 0 → 1: also creates the version row, which a deleted cluster no longer has.</summary>
    public const string BumpVersionFromZero = $"""
        INSERT INTO {VersionTable} AS v (service_id, cluster_id, version) VALUES (@service_id, @cluster_id, 1)
        ON CONFLICT (service_id, cluster_id) DO UPDATE SET version = 1 WHERE v.version = 0
        """;

    public const string BumpVersion = $"""
        UPDATE {VersionTable} SET version = version + 1
        WHERE service_id = @service_id AND cluster_id = @cluster_id AND version = @expected_version
        """;

    public const string InsertRow = $"""
        INSERT INTO {MembersTable} (service_id, cluster_id, address, silo_name, status, gateway_port, management_port,
                                    start_time, i_am_alive_time, suspicions, etag)
        VALUES (@service_id, @cluster_id, @address, @silo_name, @status, @gateway_port, @management_port,
                @start_time, @i_am_alive_time, @suspicions, @new_etag)
        ON CONFLICT (service_id, cluster_id, address) DO NOTHING
        """;

    public const string UpdateRow = $"""
        UPDATE {MembersTable}
        SET silo_name = @silo_name, status = @status, gateway_port = @gateway_port, management_port = @management_port,
            start_time = @start_time, i_am_alive_time = @i_am_alive_time, suspicions = @suspicions, etag = @new_etag
        WHERE service_id = @service_id AND cluster_id = @cluster_id AND address = @address AND etag = @etag
        """;

    // The heartbeat touches neither the etag nor the version, so it never invalidates a pending conditional update.
    public const string UpdateIAmAlive = $"""
        UPDATE {MembersTable} SET i_am_alive_time = @i_am_alive_time
        WHERE service_id = @service_id AND cluster_id = @cluster_id AND address = @address
        """;

    public const string CleanupDefunct = $"""
        DELETE FROM {MembersTable}
        WHERE service_id = @service_id AND cluster_id = @cluster_id AND status = @dead_status AND i_am_alive_time < @older_than
        """;

    public const string DeleteCluster = $"""
        DELETE FROM {MembersTable} WHERE service_id = @service_id AND cluster_id = @cluster_id;
        DELETE FROM {VersionTable} WHERE service_id = @service_id AND cluster_id = @cluster_id;
        """;
}
