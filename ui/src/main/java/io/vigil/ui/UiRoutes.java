package io.vigil.ui;

import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web UI (built by Vite into {@code static/}) from the jar. The client-side routes a person can
 * bookmark or reload answer the same page; the UI reads what to show from the URL. Hashed assets never
 * change under their name, so browsers may keep them for a year; the page itself is always revalidated.
 */
@Configuration(proxyBeanMethods = false)
public class UiRoutes implements WebMvcConfigurer {

    /** Keep in step with the routes of ui/frontend/src/App.tsx and the permitted paths of SecurityConfiguration. */
    static final String[] PAGES = {"/targets/{targetId}/logs", "/targets/{targetId}/metrics", "/alerts", "/audit"};

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        for (String page : PAGES) {
            registry.addViewController(page).setViewName("forward:/index.html");
        }
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
        registry.addResourceHandler("/index.html").addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache());
    }
}
