package io.vigil.command.agent;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.vigil.kernel.protocol.AgentProtocol;

@Configuration(proxyBeanMethods = false)
class AgentWebConfiguration implements WebMvcConfigurer {

    private final AgentAuthentication authentication;

    AgentWebConfiguration(AgentAuthentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication).addPathPatterns(AgentProtocol.BASE_PATH + "/**");
    }
}
