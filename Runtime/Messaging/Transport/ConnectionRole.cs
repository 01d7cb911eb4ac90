namespace OrleansBackend.Runtime.Messaging.Transport;

/// <summary>Who is at the other end of a connection.</summary>
internal enum ConnectionRole : byte
{
    /// <summary>Another silo of the cluster.</summary>
    Silo = 1,

    /// <summary>A cluster client (the Api in cluster mode) connected to a gateway.</summary>
    Client = 2,
}
