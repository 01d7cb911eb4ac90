using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Carries exceptions across silos with their type, message, remote stack trace and inner exception.
/// The receiver re-creates the same type when it knows it and it derives from <see cref="Exception"/>;
/// otherwise it gets a <see cref="RemoteException"/> naming the original type. Only the error path uses
/// reflection, and constructors are looked up once per type.
/// </summary>
public static class ExceptionCodec
{
    private const int MaxInnerDepth = 8;
    private static readonly ConcurrentDictionary<string, Func<string, Exception?, Exception>?> Factories = new(StringComparer.Ordinal);

    /// <summary>Writes an exception (null allowed).</summary>
    public static void Write(ref ValueWriter writer, uint fieldId, Exception? exception) => Write(ref writer, fieldId, exception, 0);

    /// <summary>Reads an exception.</summary>
    public static Exception? Read(ref ValueReader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return null;
        }

        if (wireType != WireType.StartObject)
        {
            throw ValueReader.Mismatch(wireType, "an exception");
        }

        reader.EnterObject();
        string? typeName = null;
        string? message = null;
        string? stackTrace = null;
        Exception? inner = null;
        while (reader.TryReadField(out var id, out var wt))
        {
            switch (id)
            {
                case 0:
                    typeName = PrimitiveCodecs.ReadString(ref reader, wt);
                    break;
                case 1:
                    message = PrimitiveCodecs.ReadString(ref reader, wt);
                    break;
                case 2:
                    stackTrace = PrimitiveCodecs.ReadString(ref reader, wt);
                    break;
                case 3:
                    inner = Read(ref reader, wt);
                    break;
                default:
                    reader.SkipField(wt);
                    break;
            }
        }

        reader.LeaveObject();
        var exception = Create(typeName ?? "System.Exception", message ?? string.Empty, inner);
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception;
    }

    private static void Write(ref ValueWriter writer, uint fieldId, Exception? exception, int depth)
    {
        if (exception is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteStartObject(fieldId);
        var typeName = exception is RemoteException remote ? remote.OriginalTypeName : TypeName(exception.GetType());
        writer.WriteStringField(0, typeName);
        writer.WriteStringField(1, exception.Message);
        writer.WriteStringField(2, exception.StackTrace);
        if (exception.InnerException is not null && depth < MaxInnerDepth)
        {
            Write(ref writer, 3, exception.InnerException, depth + 1);
        }

        writer.WriteEndObject();
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static Exception Create(string typeName, string message, Exception? inner)
    {
        var factory = Factories.GetOrAdd(typeName, FindFactory);
        if (factory is not null)
        {
            try
            {
                return factory(message, inner);
            }
            catch (TargetInvocationException)
            {
                // The type's constructor rejected the message; fall back to the stand-in below.
            }
        }

        var comma = typeName.IndexOf(',', StringComparison.Ordinal);
        return new RemoteException(comma > 0 ? typeName[..comma] : typeName, message, inner);
    }

    private static Func<string, Exception?, Exception>? FindFactory(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type) || type.IsAbstract)
        {
            return null;
        }

        var withInner = type.GetConstructor([typeof(string), typeof(Exception)]);
        if (withInner is not null)
        {
            return (message, inner) => (Exception)withInner.Invoke([message, inner]);
        }

        var messageOnly = type.GetConstructor([typeof(string)]);
        if (messageOnly is not null)
        {
            return (message, _) => (Exception)messageOnly.Invoke([message]);
        }

        return null;
    }
}
