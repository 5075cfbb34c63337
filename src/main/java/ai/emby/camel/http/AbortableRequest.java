/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.camel.http;

import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;

/**
 * A running request whose {@link #cancel(boolean)} always closes its connection.
 * <p>
 * HttpClient's own future can miss a cancel: its exec chain registers what a cancel must reach only after starting
 * each step, so when a connect completes on an I/O thread before the calling thread registered the (by then
 * finished) connection lease, the lease overwrites the registration of the running exchange, and {@code cancel()}
 * reaches nothing: the connection stays open and leased until the server closes it, forever if it stalls. This
 * class also gets hold of the request's {@link AsyncExecRuntime} through an exec-chain interceptor
 * ({@link #INTERCEPTOR}, installed just before the main transport) and discards its endpoint on cancel, which closes
 * the connection whatever HttpClient registered.
 */
final class AbortableRequest implements Future<Void> {

    static final String INTERCEPTOR_NAME = "emby-abortable-request";

    private static final String ATTRIBUTE = AbortableRequest.class.getName();

    /** Hands each request's exec runtime to its AbortableRequest; fails a request that was cancelled already. */
    static final AsyncExecChainHandler INTERCEPTOR = (request, entityProducer, scope, chain, callback) -> {
        Object attribute = scope.clientContext.getAttribute(ATTRIBUTE);
        if (attribute instanceof AbortableRequest && !((AbortableRequest) attribute).attach(scope.execRuntime)) {
            callback.failed(new InterruptedIOException("the request was cancelled"));
            return;
        }
        chain.proceed(request, entityProducer, scope, callback);
    };

    private final AtomicReference<AsyncExecRuntime> runtime = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Future<Void> delegate;

    /** Registers a new request in the context to pass to the client's execute. */
    static AbortableRequest register(HttpClientContext context) {
        AbortableRequest request = new AbortableRequest();
        context.setAttribute(ATTRIBUTE, request);
        return request;
    }

    /** The future the client returned for the request. */
    AbortableRequest started(Future<Void> future) {
        this.delegate = future;
        return this;
    }

    /** False (and the endpoint discarded) when the request was cancelled before it reached the transport. */
    private boolean attach(AsyncExecRuntime execRuntime) {
        runtime.set(execRuntime);
        if (cancelled.get()) {
            execRuntime.discardEndpoint();
            return false;
        }
        return true;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // set first, read after: whichever of cancel and attach comes second sees the other and discards
        cancelled.set(true);
        Future<Void> future = delegate;
        boolean result = future == null || future.cancel(mayInterruptIfRunning);
        AsyncExecRuntime execRuntime = runtime.get();
        if (execRuntime != null) {
            // idempotent and thread safe: a no-op when HttpClient's cancel already discarded the endpoint
            execRuntime.discardEndpoint();
        }
        return result;
    }

    @Override
    public boolean isCancelled() {
        return delegate.isCancelled();
    }

    @Override
    public boolean isDone() {
        return delegate.isDone();
    }

    @Override
    public Void get() throws InterruptedException, ExecutionException {
        return delegate.get();
    }

    @Override
    public Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.get(timeout, unit);
    }
}
