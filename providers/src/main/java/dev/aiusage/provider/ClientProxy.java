package dev.aiusage.provider;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionStage;

/**
 * Wraps an SDK client interface so that each call made through it, or through any service it hands
 * out ({@code client.chat().completions()}, {@code client.async()}, {@code withRawResponse()}, ...),
 * opens a logical call in the caller's scope and tags its params with the call's token. Nothing of the
 * SDK is re-implemented: every method runs on the SDK's own object, and the caller gets the SDK's own
 * results and exceptions.
 */
final class ClientProxy implements InvocationHandler {

    private final Object target;
    private final SdkShape sdk;
    private final CallRegistry calls;

    private ClientProxy(Object target, SdkShape sdk, CallRegistry calls) {
        this.target = target;
        this.sdk = sdk;
        this.calls = calls;
    }

    static <T> T wrap(Class<T> type, T target, SdkShape sdk, CallRegistry calls) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new ClientProxy(target, sdk, calls)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        int paramsAt = sdk.paramsIndex(args);
        if (paramsAt >= 0) {
            return trackedCall(method, args, paramsAt);
        }
        Object result = invokeTarget(method, args);
        Class<?> returned = method.getReturnType();
        return sdk.isService(returned) && result != null ? wrapService(returned, result) : result;
    }

    private Object trackedCall(Method method, Object[] args, int paramsAt) throws Throwable {
        String token = calls.open();
        Object[] tagged = args.clone();
        tagged[paramsAt] = sdk.withHeader(args[paramsAt], CallRegistry.HEADER, token);
        Object result;
        try {
            result = invokeTarget(method, tagged);
        } catch (Throwable failure) {
            calls.close(token);
            throw failure;
        }
        CompletionStage<?> completion = sdk.completion(result);
        if (completion == null) {
            calls.close(token);
        } else {
            completion.whenComplete((ignored, failure) -> calls.close(token));
        }
        return result;
    }

    private Object invokeTarget(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object wrapService(Class<?> type, Object service) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new ClientProxy(service, sdk, calls));
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "tracked " + target;
        };
    }
}
