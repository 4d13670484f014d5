package dev.aiusage.provider;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What {@link ClientProxy} needs to know of a Stainless-generated SDK (openai-java, anthropic-java):
 * its params base type, which interfaces are services to wrap, and how an async stream says it is done.
 * Found by name so that this module compiles and loads without either SDK.
 */
final class SdkShape {

    private final String rootPackage;
    private final Class<?> params;
    private final Class<?> asyncStream;
    /** {@code AsyncStreamResponse.onCompleteFuture}, looked up once rather than on every async stream. */
    private final Method asyncStreamDone;
    private final ClassValue<MethodHandle[]> tagging = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            return taggingHandles(type);
        }
    };

    SdkShape(String rootPackage, ClassLoader loader) {
        this.rootPackage = rootPackage;
        this.params = load(rootPackage + ".core.Params", loader);
        this.asyncStream = load(rootPackage + ".core.http.AsyncStreamResponse", loader);
        this.asyncStreamDone = method(asyncStream, "onCompleteFuture");
    }

    int paramsIndex(Object[] args) {
        if (args != null) {
            for (int index = 0; index < args.length; index++) {
                if (params.isInstance(args[index])) {
                    return index;
                }
            }
        }
        return -1;
    }

    boolean isService(Class<?> type) {
        String name = type.getName();
        return type.isInterface()
                && (name.startsWith(rootPackage + ".services.") || name.startsWith(rootPackage + ".client."));
    }

    /** The params with one more header, via the builder every params class has. */
    Object withHeader(Object paramsObject, String name, String value) {
        MethodHandle[] handles = tagging.get(paramsObject.getClass());
        try {
            Object builder = handles[0].invoke(paramsObject);
            handles[1].invoke(builder, name, value);
            return handles[2].invoke(builder);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot add a header to " + paramsObject.getClass().getName()
                    + "; this SDK version is not supported by aiusage", e);
        }
    }

    /** When a call's result is still in flight, the stage that completes with it; else null. */
    CompletionStage<?> completion(Object result) {
        if (result instanceof CompletableFuture<?> future) {
            return future;
        }
        if (asyncStream.isInstance(result)) {
            try {
                return (CompletionStage<?>) asyncStreamDone.invoke(result);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return null;
    }

    private static MethodHandle[] taggingHandles(Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Method toBuilder = type.getMethod("toBuilder");
            Class<?> builder = toBuilder.getReturnType();
            return new MethodHandle[] {
                lookup.unreflect(toBuilder),
                lookup.findVirtual(builder, "putAdditionalHeader", MethodType.methodType(builder, String.class, String.class)),
                lookup.unreflect(builder.getMethod("build")),
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot add a header to " + type.getName()
                    + "; this SDK version is not supported by aiusage", e);
        }
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + "." + name + " is missing; this SDK version is not supported by aiusage", e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the class path: add the SDK to your build", e);
        }
    }
}
